<?php
/**
 * Loads WordPress from the command line for the host in CLEARANCE_WP_HOST (host:port): the
 * Debian wp-config.php picks /etc/wordpress/config-<host>.php from HTTP_HOST. The scripts then
 * require CLEARANCE_WP_LOAD, the wp-load.php of the WordPress in CLEARANCE_WP_DIR (set by
 * helpers/wordpress.ts from WORDPRESS_DIR).
 */
$clearance_wp_dir = (string) getenv( 'CLEARANCE_WP_DIR' );
if ( '' === $clearance_wp_dir || ! is_file( $clearance_wp_dir . '/wp-load.php' ) ) {
	fwrite( STDERR, "CLEARANCE_WP_DIR must name a WordPress directory (got '{$clearance_wp_dir}')\n" );
	exit( 1 );
}
define( 'CLEARANCE_WP_LOAD', rtrim( $clearance_wp_dir, '/' ) . '/wp-load.php' );
unset( $clearance_wp_dir );
$clearance_host           = (string) getenv( 'CLEARANCE_WP_HOST' );
$_SERVER['HTTP_HOST']     = $clearance_host;
$_SERVER['SERVER_NAME']   = preg_replace( '/:.*/', '', $clearance_host );
$_SERVER['SERVER_PORT']   = preg_replace( '/^[^:]*:?/', '', $clearance_host );
$_SERVER['REQUEST_URI']   = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['REMOTE_ADDR']   = '127.0.0.1';
/** No e-mail from a test install. */
function wp_new_blog_notification() {}
