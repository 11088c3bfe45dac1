<?php
/**
 * Removes the plugin's settings, queue and post meta. Nothing is removed from Clearance.
 *
 * @package Clearance
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

global $wpdb;
delete_option( 'clearance_settings' );
delete_option( 'clearance_db_version' );
wp_clear_scheduled_hook( 'clearance_deliver_outbox' );
$wpdb->query( "DROP TABLE IF EXISTS {$wpdb->prefix}clearance_outbox" ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
foreach ( array( '_clearance_asset_id', '_clearance_coverage_status', '_clearance_checked_at', '_clearance_license_id' ) as $clearance_meta_key ) {
	delete_post_meta_by_key( $clearance_meta_key );
}
