<?php
/**
 * Activates the plugin, stores its settings (JSON in CLEARANCE_SETTINGS) and creates an
 * Application Password for the REST API. Prints JSON.
 */
require __DIR__ . '/bootstrap.php';
require CLEARANCE_WP_LOAD;
require_once ABSPATH . 'wp-admin/includes/plugin.php';
$activated = activate_plugin( 'clearance/clearance.php' );
if ( is_wp_error( $activated ) ) {
	fwrite( STDERR, 'activation failed: ' . $activated->get_error_message() . "\n" );
	exit( 1 );
}
update_option( 'clearance_settings', json_decode( (string) getenv( 'CLEARANCE_SETTINGS' ), true ) );
$user = get_user_by( 'login', 'admin' );
list( $password ) = WP_Application_Passwords::create_new_application_password( $user->ID, array( 'name' => 'clearance-test' ) );
global $wpdb;
echo wp_json_encode(
	array(
		'appPassword' => $password,
		'active'      => is_plugin_active( 'clearance/clearance.php' ),
		'table'       => $wpdb->get_var( "SHOW TABLES LIKE '{$wpdb->prefix}clearance_outbox'" ),
		'scheduled'   => wp_next_scheduled( 'clearance_deliver_outbox' ),
	)
);
