<?php
/**
 * Runs one check inside WordPress and prints JSON: CLEARANCE_ACTION is
 *   outbox          the delivery queue's rows
 *   cron            (time passes:) makes every queued message due, then runs the plugin's
 *                   WP-Cron hook as wp-cron.php would
 *   test-connection the settings page's "Test connection"
 *   bulk-license    the bulk action's save (CLEARANCE_INPUT: { ids, input })
 */
require __DIR__ . '/bootstrap.php';
require CLEARANCE_WP_LOAD;
global $wpdb;
$table  = Clearance_Outbox::table();
$action = getenv( 'CLEARANCE_ACTION' );
$out    = array();
if ( 'outbox' === $action ) {
	$out['rows']      = $wpdb->get_results( "SELECT id, webhook_id, event, attachment_id, status, attempts, next_attempt_gmt, last_error FROM {$table} ORDER BY id", ARRAY_A );
	$out['scheduled'] = wp_next_scheduled( Clearance_Outbox::CRON_HOOK );
} elseif ( 'cron' === $action ) {
	$wpdb->query( $wpdb->prepare( "UPDATE {$table} SET next_attempt_gmt = %s WHERE status = 'pending'", gmdate( 'Y-m-d H:i:s', time() - 1 ) ) );
	define( 'DOING_CRON', true );
	do_action( Clearance_Outbox::CRON_HOOK );
	$out['rows'] = $wpdb->get_results( "SELECT id, webhook_id, event, attachment_id, status, attempts, last_error FROM {$table} ORDER BY id", ARRAY_A );
} elseif ( 'test-connection' === $action ) {
	$out = Clearance_Settings::test_connection();
} elseif ( 'bulk-license' === $action ) {
	wp_set_current_user( 1 );
	$in     = json_decode( (string) getenv( 'CLEARANCE_INPUT' ), true );
	$result = Clearance_License::save_for_many( $in['ids'], $in['input'] );
	$out    = is_wp_error( $result ) ? array( 'error' => $result->get_error_message() ) : $result;
}
echo wp_json_encode( $out );
