<?php
/**
 * The attachment as WordPress's REST API shapes it.
 *
 * @package Clearance
 */

defined( 'ABSPATH' ) || exit;

/**
 * Builds the event payload: `{ type, timestamp, data: { attachment } }` with the attachment
 * exactly as GET /wp/v2/media/<id> returns it (media_details with every size's source_url,
 * original_image, image_meta), by asking WordPress's own REST controller.
 */
class Clearance_Attachment_Payload {

	/**
	 * The fields sent. Listing them keeps other plugins' REST fields (and this plugin's own
	 * license field, which calls Clearance) out of the payload.
	 *
	 * @var string[]
	 */
	const FIELDS = array( 'id', 'date', 'date_gmt', 'modified_gmt', 'slug', 'link', 'source_url', 'mime_type', 'media_type', 'media_details', 'author', 'post', 'title', 'alt_text', 'caption' );

	/**
	 * The event for an attachment.
	 *
	 * @param string     $type          media.created, media.updated or media.deleted.
	 * @param int        $attachment_id Attachment id.
	 * @param array|null $metadata      Metadata not saved yet (wp_generate_attachment_metadata hands it over before WordPress stores it).
	 * @return array|null Null when the attachment does not exist.
	 */
	public static function event( $type, $attachment_id, $metadata = null ) {
		$attachment = self::attachment( $attachment_id, $metadata );
		if ( null === $attachment ) {
			return null;
		}
		return array(
			'type'      => $type,
			'timestamp' => gmdate( 'Y-m-d\TH:i:s\Z' ),
			'data'      => array( 'attachment' => $attachment ),
		);
	}

	/**
	 * The attachment in its REST shape.
	 *
	 * @param int        $attachment_id Attachment id.
	 * @param array|null $metadata      Metadata to use instead of the stored one.
	 * @return array|null
	 */
	public static function attachment( $attachment_id, $metadata = null ) {
		$post = get_post( $attachment_id );
		if ( ! $post || 'attachment' !== $post->post_type ) {
			return null;
		}
		$override = null;
		if ( is_array( $metadata ) ) {
			$override = static function ( $data, $id ) use ( $attachment_id, $metadata ) {
				return (int) $id === (int) $attachment_id ? $metadata : $data;
			};
			add_filter( 'wp_get_attachment_metadata', $override, 10, 2 );
		}
		$controller = new WP_REST_Attachments_Controller( 'attachment' );
		$request    = new WP_REST_Request( 'GET', '/wp/v2/media/' . $attachment_id );
		$request->set_param( 'context', 'edit' );
		$request->set_param( '_fields', implode( ',', self::FIELDS ) );
		$response = $controller->prepare_item_for_response( $post, $request );
		if ( null !== $override ) {
			remove_filter( 'wp_get_attachment_metadata', $override, 10 );
		}
		$data = $response instanceof WP_REST_Response ? $response->get_data() : null;
		return is_array( $data ) ? $data : null;
	}

	/**
	 * The file worth sending: the untouched original when WordPress kept one beside a -scaled copy.
	 *
	 * @param int $attachment_id Attachment id.
	 * @return string|null Path, or null when there is no readable file.
	 */
	public static function original_file( $attachment_id ) {
		$path = function_exists( 'wp_get_original_image_path' ) ? wp_get_original_image_path( $attachment_id ) : false;
		if ( ! $path ) {
			$path = get_attached_file( $attachment_id );
		}
		return $path && is_readable( $path ) ? $path : null;
	}
}
