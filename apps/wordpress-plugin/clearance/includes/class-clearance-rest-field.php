<?php
/**
 * The license on the attachment in WordPress's REST API.
 *
 * @package Clearance
 */

defined( 'ABSPATH' ) || exit;

/**
 * `clearance_license` on /wp/v2/media (edit context): what Clearance holds (status, license,
 * suggestion), and writable with POST /wp/v2/media/<id> { "clearance_license": { kind,
 * licensor, source_url, expires_on, proof_url | proof_file: { filename, content_base64 } } }.
 */
class Clearance_Rest_Field {

	/**
	 * Results of saves made in this request. WordPress 6.1's attachments controller runs the
	 * update callbacks of additional fields twice per update (its own update_item and its
	 * parent's); a proof must not be attached twice.
	 *
	 * @var array<int, true|WP_Error>
	 */
	private static $saved = array();

	/**
	 * Hooks the field in.
	 */
	public static function init() {
		add_action( 'rest_api_init', array( __CLASS__, 'register' ) );
	}

	/**
	 * Registers the field.
	 */
	public static function register() {
		$nullable_string = array(
			'type'    => array( 'string', 'null' ),
			'context' => array( 'edit' ),
		);
		register_rest_field(
			'attachment',
			'clearance_license',
			array(
				'get_callback'    => array( __CLASS__, 'read' ),
				'update_callback' => array( __CLASS__, 'write' ),
				'schema'          => array(
					'description' => __( 'The license Clearance holds for this image, its coverage status and Clearance\'s suggestion. Write kind, licensor, source_url, expires_on and a proof (proof_url for a license-page snapshot, or proof_file) to save a license.', 'clearance' ),
					'type'        => array( 'object', 'null' ),
					// Edit context only: reading it calls Clearance, which lists must not do per item.
					'context'     => array( 'edit' ),
					'properties'  => array(
						'kind'            => array(
							'type'    => array( 'string', 'null' ),
							'enum'    => array_merge( array_keys( Clearance_License::kinds() ), array( '', null ) ),
							'context' => array( 'edit' ),
						),
						'licensor'        => $nullable_string,
						'source_url'      => $nullable_string,
						'expires_on'      => $nullable_string,
						'proof_url'       => $nullable_string,
						'proof_kind'      => $nullable_string,
						'proof_file'      => array(
							'type'       => array( 'object', 'null' ),
							'context'    => array( 'edit' ),
							'properties' => array(
								'filename'       => array( 'type' => 'string' ),
								'content_base64' => array( 'type' => 'string' ),
							),
						),
						'coverage_status' => array_merge( $nullable_string, array( 'readonly' => true ) ),
						'asset_id'        => array_merge( $nullable_string, array( 'readonly' => true ) ),
						'license_id'      => array_merge( $nullable_string, array( 'readonly' => true ) ),
						'dashboard_url'   => array_merge( $nullable_string, array( 'readonly' => true ) ),
						'proof_count'     => array(
							'type'     => 'integer',
							'readonly' => true,
							'context'  => array( 'edit' ),
						),
						'license_count'   => array(
							'type'     => 'integer',
							'readonly' => true,
							'context'  => array( 'edit' ),
						),
						'suggestion'      => array(
							'type'     => array( 'object', 'null' ),
							'readonly' => true,
							'context'  => array( 'edit' ),
						),
						'error'           => array_merge( $nullable_string, array( 'readonly' => true ) ),
					),
				),
			)
		);
	}

	/**
	 * Reads the field.
	 *
	 * @param array $item Prepared attachment.
	 * @return array|null
	 */
	public static function read( $item ) {
		$id = isset( $item['id'] ) ? (int) $item['id'] : 0;
		if ( ! $id || ! wp_attachment_is_image( $id ) || ! current_user_can( 'edit_post', $id ) || ! Clearance_Settings::can_read() ) {
			return null;
		}
		$state = Clearance_License::get( $id );
		if ( is_wp_error( $state ) ) {
			$known = Clearance_Asset_Status::current( $id );
			return array(
				'coverage_status' => '' !== $known['status'] ? $known['status'] : null,
				'asset_id'        => '' !== $known['asset_id'] ? $known['asset_id'] : null,
				'error'           => $state->get_error_message(),
			);
		}
		return $state;
	}

	/**
	 * Saves the field.
	 *
	 * @param array   $value Submitted value.
	 * @param WP_Post $post  Attachment.
	 * @return true|WP_Error
	 */
	public static function write( $value, $post ) {
		if ( ! is_array( $value ) ) {
			return true;
		}
		if ( isset( self::$saved[ $post->ID ] ) ) {
			return self::$saved[ $post->ID ];
		}
		if ( ! current_user_can( 'edit_post', $post->ID ) ) {
			return new WP_Error( 'rest_forbidden', __( 'Sorry, you are not allowed to edit this image.', 'clearance' ), array( 'status' => rest_authorization_required_code() ) );
		}
		if ( ! empty( $value['proof_file'] ) ) {
			// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode -- JSON carries files as base64.
			$content = base64_decode( isset( $value['proof_file']['content_base64'] ) ? (string) $value['proof_file']['content_base64'] : '', true );
			if ( false === $content || '' === $content ) {
				return new WP_Error( 'clearance_invalid_proof_file', __( 'proof_file.content_base64 must be the document in base64.', 'clearance' ), array( 'status' => 400 ) );
			}
			$value['proof_file'] = array(
				'name'    => sanitize_file_name( isset( $value['proof_file']['filename'] ) ? (string) $value['proof_file']['filename'] : 'proof' ),
				'content' => $content,
			);
		} else {
			unset( $value['proof_file'] );
		}
		$result                   = Clearance_License::save( $post->ID, $value );
		self::$saved[ $post->ID ] = is_wp_error( $result ) ? $result : true;
		return self::$saved[ $post->ID ];
	}
}
