<?php
/**
 * The delivery queue: every event is stored before it is sent.
 *
 * @package Clearance
 */

defined( 'ABSPATH' ) || exit;

/**
 * Events go into a table first, then are sent at the end of the request (after the response
 * when PHP-FPM allows it) with a short timeout. Whatever fails stays queued and WP-Cron retries
 * it with exponential backoff. Each message keeps its webhook-id for life, so a retry of a
 * delivery that did arrive (but whose answer was lost) changes nothing in Clearance.
 */
class Clearance_Outbox {

	const DB_VERSION   = '1';
	const CRON_HOOK    = 'clearance_deliver_outbox';
	const SCHEDULE     = 'clearance_every_five_minutes';
	const MAX_ATTEMPTS = 15;
	/** Larger files are not attached; Clearance fetches them from the site instead. */
	const MAX_ATTACHED_BYTES = 50 * 1024 * 1024;

	/**
	 * Rows queued during this request, sent at shutdown.
	 *
	 * @var int[]
	 */
	private static $queued_now = array();

	/**
	 * Hooks the cron job and the end-of-request delivery.
	 */
	public static function init() {
		add_filter( 'cron_schedules', array( __CLASS__, 'cron_schedules' ) );
		add_action( self::CRON_HOOK, array( __CLASS__, 'run_cron' ) );
		add_action( 'plugins_loaded', array( __CLASS__, 'maybe_upgrade' ) );
		add_action( 'init', array( __CLASS__, 'ensure_scheduled' ) );
		add_action( 'shutdown', array( __CLASS__, 'deliver_queued_now' ), 1000 );
	}

	/**
	 * The table's name.
	 *
	 * @return string
	 */
	public static function table() {
		global $wpdb;
		return $wpdb->prefix . 'clearance_outbox';
	}

	/**
	 * Creates the table and the schedule.
	 */
	public static function activate() {
		self::install_table();
		self::ensure_scheduled();
	}

	/**
	 * Stops the schedule; the queue is kept for when the plugin comes back.
	 */
	public static function deactivate() {
		wp_clear_scheduled_hook( self::CRON_HOOK );
	}

	/**
	 * Creates or updates the table.
	 */
	public static function install_table() {
		global $wpdb;
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		$table   = self::table();
		$charset = $wpdb->get_charset_collate();
		dbDelta(
			"CREATE TABLE {$table} (
				id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
				webhook_id varchar(64) NOT NULL,
				event varchar(32) NOT NULL,
				attachment_id bigint(20) unsigned NOT NULL,
				payload longtext NOT NULL,
				status varchar(16) NOT NULL DEFAULT 'pending',
				attempts int(11) NOT NULL DEFAULT 0,
				next_attempt_gmt datetime NOT NULL,
				last_error text NULL,
				created_gmt datetime NOT NULL,
				PRIMARY KEY  (id),
				UNIQUE KEY webhook_id (webhook_id),
				KEY status_next (status,next_attempt_gmt)
			) {$charset};"
		);
		update_option( 'clearance_db_version', self::DB_VERSION );
	}

	/**
	 * Installs the table after an update that skipped activation.
	 */
	public static function maybe_upgrade() {
		if ( get_option( 'clearance_db_version' ) !== self::DB_VERSION ) {
			self::install_table();
		}
	}

	/**
	 * Adds the five-minute schedule.
	 *
	 * @param array $schedules Schedules.
	 * @return array
	 */
	public static function cron_schedules( $schedules ) {
		$schedules[ self::SCHEDULE ] = array(
			'interval' => 5 * MINUTE_IN_SECONDS,
			'display'  => __( 'Every five minutes', 'clearance' ),
		);
		return $schedules;
	}

	/**
	 * Keeps the retry job scheduled.
	 */
	public static function ensure_scheduled() {
		if ( ! wp_next_scheduled( self::CRON_HOOK ) ) {
			wp_schedule_event( time() + MINUTE_IN_SECONDS, self::SCHEDULE, self::CRON_HOOK );
		}
	}

	/**
	 * Stores an event, to be sent at the end of this request.
	 *
	 * @param string $event         Event type.
	 * @param int    $attachment_id Attachment id.
	 * @param array  $payload       The event.
	 * @return int Row id.
	 */
	public static function enqueue( $event, $attachment_id, $payload ) {
		global $wpdb;
		$now = gmdate( 'Y-m-d H:i:s' );
		if ( 'media.deleted' === $event ) {
			// Nothing about the attachment is worth sending any more except that it is gone.
			$wpdb->query( $wpdb->prepare( 'DELETE FROM ' . self::table() . " WHERE attachment_id = %d AND event <> 'media.deleted' AND status = 'pending'", $attachment_id ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared,WordPress.DB.DirectDatabaseQuery
		}
		$wpdb->insert( // phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery
			self::table(),
			array(
				'webhook_id'       => 'msg_' . str_replace( '-', '', wp_generate_uuid4() ),
				'event'            => $event,
				'attachment_id'    => $attachment_id,
				'payload'          => wp_json_encode( $payload ),
				'status'           => 'pending',
				'attempts'         => 0,
				'next_attempt_gmt' => $now,
				'created_gmt'      => $now,
			),
			array( '%s', '%s', '%d', '%s', '%s', '%d', '%s', '%s' )
		);
		$id                 = (int) $wpdb->insert_id;
		self::$queued_now[] = $id;
		return $id;
	}

	/**
	 * At the end of the request, sends what this request queued, with a short timeout.
	 */
	public static function deliver_queued_now() {
		if ( empty( self::$queued_now ) || ! Clearance_Settings::can_send() ) {
			return;
		}
		// Under PHP-FPM the visitor gets the response now; the delivery happens after it.
		if ( function_exists( 'fastcgi_finish_request' ) && ! ( defined( 'WP_CLI' ) && WP_CLI ) ) {
			fastcgi_finish_request();
		}
		$ids              = self::$queued_now;
		self::$queued_now = array();
		foreach ( $ids as $id ) {
			$row = self::claim( $id );
			if ( $row ) {
				$timeout = (int) apply_filters( 'clearance_inline_timeout', 5 );
				if ( 'retry' === self::deliver( $row, $timeout ) ) {
					break; // Clearance is down: the rest waits for WP-Cron too.
				}
			}
		}
	}

	/**
	 * The cron job.
	 */
	public static function run_cron() {
		self::deliver_due();
	}

	/**
	 * Sends every message that is due, oldest first, for at most ~20 seconds.
	 *
	 * @param int $limit Most messages sent.
	 * @return int How many were delivered.
	 */
	public static function deliver_due( $limit = 100 ) {
		global $wpdb;
		if ( ! Clearance_Settings::can_send() ) {
			return 0;
		}
		$ids       = $wpdb->get_col( $wpdb->prepare( 'SELECT id FROM ' . self::table() . " WHERE status = 'pending' AND next_attempt_gmt <= %s ORDER BY id LIMIT %d", gmdate( 'Y-m-d H:i:s' ), $limit ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared,WordPress.DB.DirectDatabaseQuery
		$until     = microtime( true ) + 20;
		$delivered = 0;
		foreach ( $ids as $id ) {
			if ( microtime( true ) > $until ) {
				break;
			}
			$row = self::claim( (int) $id );
			if ( ! $row ) {
				continue;
			}
			$outcome = self::deliver( $row, 30 );
			if ( 'retry' === $outcome ) {
				break; // Clearance is down or failing: no point in trying the rest now.
			}
			if ( 'done' === $outcome ) {
				++$delivered;
			}
		}
		return $delivered;
	}

	/**
	 * Takes a due message for this process: its next attempt moves five minutes ahead, so a
	 * concurrent run skips it (and a crash mid-send only delays it).
	 *
	 * @param int $id Row id.
	 * @return object|null The row, when this process got it.
	 */
	private static function claim( $id ) {
		global $wpdb;
		$now   = gmdate( 'Y-m-d H:i:s' );
		$lease = gmdate( 'Y-m-d H:i:s', time() + 5 * MINUTE_IN_SECONDS );
		$taken = $wpdb->query( $wpdb->prepare( 'UPDATE ' . self::table() . " SET next_attempt_gmt = %s WHERE id = %d AND status = 'pending' AND next_attempt_gmt <= %s", $lease, $id, $now ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared,WordPress.DB.DirectDatabaseQuery
		if ( 1 !== (int) $taken ) {
			return null;
		}
		return $wpdb->get_row( $wpdb->prepare( 'SELECT * FROM ' . self::table() . ' WHERE id = %d', $id ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared,WordPress.DB.DirectDatabaseQuery
	}

	/**
	 * Sends one message and records the outcome.
	 *
	 * @param object $row     Outbox row.
	 * @param int    $timeout Seconds.
	 * @return string 'done' (Clearance took it, or it is no longer worth sending), 'refused'
	 *                (Clearance refused the event itself: kept as failed) or 'retry'.
	 */
	private static function deliver( $row, $timeout ) {
		global $wpdb;
		$attachment_id = (int) $row->attachment_id;
		$is_upload     = 'media.deleted' !== $row->event;
		if ( $is_upload && ! get_post( $attachment_id ) ) {
			self::forget( $row );
			return 'done'; // Deleted before it could be sent; its media.deleted follows.
		}
		list( $body, $type ) = self::body( $row );
		$result              = Clearance_Webhook_Sender::send( $row->webhook_id, $body, $type, $timeout );
		$status              = $result['status'];

		if ( $status >= 200 && $status < 300 ) {
			self::forget( $row );
			if ( $is_upload && is_array( $result['body'] ) ) {
				Clearance_Asset_Status::remember( $attachment_id, $result['body'] );
			}
			return 'done';
		}
		$attempts = (int) $row->attempts + 1;
		$error    = 0 === $status ? $result['error'] : 'HTTP ' . $status . ': ' . $result['error'];
		// Refusals of the event itself are final; a wrong secret or site id (401/404) is a set-up
		// problem that the admin fixes, after which the queue must still go through.
		$final  = $status >= 400 && $status < 500 && ! in_array( $status, array( 401, 403, 404, 408, 409, 425, 429 ), true );
		$failed = $final || $attempts >= self::MAX_ATTEMPTS;
		$wpdb->update( // phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery
			self::table(),
			array(
				'attempts'         => $attempts,
				'status'           => $failed ? 'failed' : 'pending',
				'next_attempt_gmt' => gmdate( 'Y-m-d H:i:s', time() + self::backoff( $attempts ) ),
				'last_error'       => substr( $error, 0, 2000 ),
			),
			array( 'id' => $row->id ),
			array( '%d', '%s', '%s', '%s' ),
			array( '%d' )
		);
		return $final ? 'refused' : 'retry';
	}

	/**
	 * Seconds before attempt n+1: one minute, doubling, at most six hours, with 10 % jitter so
	 * that a queue built up during an outage does not arrive all at once.
	 *
	 * @param int $attempts Attempts made.
	 * @return int
	 */
	public static function backoff( $attempts ) {
		$delay = (int) min( 6 * HOUR_IN_SECONDS, MINUTE_IN_SECONDS * pow( 2, max( 0, $attempts - 1 ) ) );
		return $delay + wp_rand( 0, (int) ( $delay / 10 ) );
	}

	/**
	 * The body: the event with the original file attached (multipart), or the event alone
	 * (JSON) when there is no file to attach, for Clearance to fetch it from the site.
	 *
	 * @param object $row Outbox row.
	 * @return array{0: string, 1: string} Body and content type.
	 */
	private static function body( $row ) {
		$path = 'media.deleted' !== $row->event ? Clearance_Attachment_Payload::original_file( (int) $row->attachment_id ) : null;
		if ( $path && apply_filters( 'clearance_attach_files', true ) && filesize( $path ) <= self::MAX_ATTACHED_BYTES ) {
			$boundary = 'clearance' . wp_generate_password( 24, false );
			// phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local upload.
			$content = file_get_contents( $path );
			if ( false !== $content ) {
				$type = wp_check_filetype( $path );
				$body = Clearance_Api_Client::multipart( $boundary, array( 'payload' => $row->payload ), 'file', wp_basename( $path ), $content, $type['type'] ? $type['type'] : 'application/octet-stream' );
				return array( $body, 'multipart/form-data; boundary=' . $boundary );
			}
		}
		return array( $row->payload, 'application/json' );
	}

	/**
	 * Removes a message that needs no more sending.
	 *
	 * @param object $row Outbox row.
	 */
	private static function forget( $row ) {
		global $wpdb;
		$wpdb->delete( self::table(), array( 'id' => $row->id ), array( '%d' ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery
	}

	/**
	 * Makes every waiting or given-up message due now.
	 */
	public static function retry_all_now() {
		global $wpdb;
		$wpdb->query( $wpdb->prepare( 'UPDATE ' . self::table() . " SET status = 'pending', attempts = 0, next_attempt_gmt = %s WHERE status IN ('pending', 'failed')", gmdate( 'Y-m-d H:i:s' ) ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared,WordPress.DB.DirectDatabaseQuery
	}

	/**
	 * How many messages wait and how many were given up.
	 *
	 * @return array{pending: int, failed: int}
	 */
	public static function counts() {
		global $wpdb;
		$rows   = $wpdb->get_results( 'SELECT status, COUNT(*) AS n FROM ' . self::table() . ' GROUP BY status' ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared,WordPress.DB.DirectDatabaseQuery
		$counts = array(
			'pending' => 0,
			'failed'  => 0,
		);
		foreach ( (array) $rows as $row ) {
			$counts[ $row->status ] = (int) $row->n;
		}
		return $counts;
	}
}
