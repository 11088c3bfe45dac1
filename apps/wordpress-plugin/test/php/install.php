<?php
/**
 * Installs WordPress into the empty database (WP_INSTALLING), as install.php?step=2 would.
 * Prints JSON.
 */
require __DIR__ . '/bootstrap.php';
define( 'WP_INSTALLING', true );
require CLEARANCE_WP_LOAD;
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
$result = wp_install( 'Clearance test site', 'admin', 'admin@example.test', false, '', (string) getenv( 'CLEARANCE_ADMIN_PASSWORD' ) );
echo wp_json_encode( array( 'userId' => $result['user_id'] ) );
