<?php
/**
 * Which WordPress events become Clearance events.
 *
 * @package Clearance
 */

defined( 'ABSPATH' ) || exit;

/**
 * Uploads and regenerated images (wp_generate_attachment_metadata, context create or update)
 * become media.created / media.updated; deleting an attachment becomes media.deleted.
 */
class Clearance_Media_Events {

	/**
	 * Hooks the media events.
	 */
	public static function init() {
		// Late, so that metadata other plugins add is what is sent.
		add_filter( 'wp_generate_attachment_metadata', array( __CLASS__, 'on_metadata' ), 99, 3 );
		add_action( 'delete_attachment', array( __CLASS__, 'on_delete' ), 10, 1 );
	}

	/**
	 * Queues media.created / media.updated. A filter: the metadata goes back untouched.
	 *
	 * @param array  $metadata      The metadata WordPress is about to store.
	 * @param int    $attachment_id Attachment id.
	 * @param string $context       'create' or 'update'.
	 * @return array
	 */
	public static function on_metadata( $metadata, $attachment_id, $context = 'create' ) {
		if ( ! Clearance_Settings::can_send() || ! wp_attachment_is_image( $attachment_id ) ) {
			return $metadata;
		}
		$type    = 'update' === $context ? 'media.updated' : 'media.created';
		$payload = Clearance_Attachment_Payload::event( $type, $attachment_id, is_array( $metadata ) ? $metadata : null );
		if ( null !== $payload ) {
			Clearance_Outbox::enqueue( $type, (int) $attachment_id, $payload );
		}
		return $metadata;
	}

	/**
	 * Queues media.deleted while the attachment still exists (the hook fires before deletion).
	 *
	 * @param int $attachment_id Attachment id.
	 */
	public static function on_delete( $attachment_id ) {
		if ( ! Clearance_Settings::can_send() || ! wp_attachment_is_image( $attachment_id ) ) {
			return;
		}
		$payload = Clearance_Attachment_Payload::event( 'media.deleted', $attachment_id );
		if ( null !== $payload ) {
			Clearance_Outbox::enqueue( 'media.deleted', (int) $attachment_id, $payload );
		}
	}
}
