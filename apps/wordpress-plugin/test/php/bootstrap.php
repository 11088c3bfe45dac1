<?php
/**
 * Loads WordPress from the command line for the host in CLEARANCE_WP_HOST (host:port): the
 * Debian wp-config.php picks /etc/wordpress/config-<host>.php from HTTP_HOST.
 */
$clearance_host           = (string) getenv( 'CLEARANCE_WP_HOST' );
$_SERVER['HTTP_HOST']     = $clearance_host;
$_SERVER['SERVER_NAME']   = preg_replace( '/:.*/', '', $clearance_host );
$_SERVER['SERVER_PORT']   = preg_replace( '/^[^:]*:?/', '', $clearance_host );
$_SERVER['REQUEST_URI']   = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['REMOTE_ADDR']   = '127.0.0.1';
/** No e-mail from a test install. */
function wp_new_blog_notification() {}
