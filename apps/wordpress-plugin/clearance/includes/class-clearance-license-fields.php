<?php
/**
 * License fields in the media modal and on the attachment edit screen.
 *
 * @package Clearance
 */

defined( 'ABSPATH' ) || exit;

/**
 * Shows the coverage status and the license fields (kind, licensor, source URL, expiry, proof)
 * through attachment_fields_to_edit, prefilled with the license Clearance holds or, when there
 * is none, with Clearance's suggestion; saves them through attachment_fields_to_save.
 */
class Clearance_License_Fields {

	/**
	 * Hooks the fields in.
	 */
	public static function init() {
		add_filter( 'attachment_fields_to_edit', array( __CLASS__, 'fields' ), 10, 2 );
		add_filter( 'attachment_fields_to_save', array( __CLASS__, 'save' ), 10, 2 );
		// The edit screen's form must carry files for the proof upload.
		add_action( 'post_edit_form_tag', array( __CLASS__, 'form_enctype' ) );
	}

	/**
	 * Adds enctype to the attachment edit form.
	 *
	 * @param WP_Post $post Post being edited.
	 */
	public static function form_enctype( $post ) {
		if ( $post && 'attachment' === $post->post_type ) {
			echo ' enctype="multipart/form-data"';
		}
	}

	/**
	 * The fields.
	 *
	 * @param array   $form_fields Fields.
	 * @param WP_Post $post        Attachment.
	 * @return array
	 */
	public static function fields( $form_fields, $post ) {
		if ( ! wp_attachment_is_image( $post->ID ) || ! Clearance_Settings::can_send() ) {
			return $form_fields;
		}
		$form_fields['clearance_status'] = array(
			'label' => __( 'License status', 'clearance' ),
			'input' => 'html',
			'html'  => Clearance_Asset_Status::badge( $post->ID ),
		);
		if ( ! Clearance_Settings::can_read() || ! current_user_can( 'edit_post', $post->ID ) ) {
			return $form_fields;
		}
		$form_fields['clearance_license'] = array(
			'label' => __( 'License', 'clearance' ),
			'input' => 'html',
			'html'  => self::render( $post->ID ),
		);
		return $form_fields;
	}

	/**
	 * The fields' HTML.
	 *
	 * @param int $id Attachment id.
	 * @return string
	 */
	private static function render( $id ) {
		$state = Clearance_License::get( $id );
		$error = get_transient( 'clearance_field_error_' . $id );
		$html  = '';
		if ( $error ) {
			delete_transient( 'clearance_field_error_' . $id );
			$html .= '<p class="clearance-error" style="color:#b32d2e">' . esc_html( $error ) . '</p>';
		}
		if ( is_wp_error( $state ) ) {
			return $html . '<p class="description">' . esc_html( $state->get_error_message() ) . '</p>';
		}
		$suggested = null === $state['license_id'] && null !== $state['suggestion'];
		$values    = $suggested ? $state['suggestion'] : $state;
		$name      = static function ( $field ) use ( $id ) {
			return 'attachments[' . $id . '][clearance_' . $field . ']';
		};
		$html .= '<div class="clearance-license-fields">';
		if ( $suggested ) {
			$evidence = implode( '; ', $state['suggestion']['evidence'] );
			/* translators: %s: why Clearance suggests it. */
			$html .= '<p class="description">' . esc_html( sprintf( __( 'Suggested by Clearance from the file: %s. Check it, then save.', 'clearance' ), '' !== $evidence ? $evidence : __( 'its metadata', 'clearance' ) ) ) . '</p>';
		} elseif ( $state['license_count'] > 1 ) {
			/* translators: %d: number of licenses. */
			$html .= '<p class="description">' . esc_html( sprintf( __( 'This image has %d licenses in Clearance; these fields edit the newest.', 'clearance' ), $state['license_count'] ) ) . '</p>';
		}
		$html .= '<p><label>' . esc_html__( 'Kind', 'clearance' ) . '<br /><select name="' . esc_attr( $name( 'kind' ) ) . '">';
		$html .= '<option value="">' . esc_html__( '— none recorded —', 'clearance' ) . '</option>';
		foreach ( Clearance_License::kinds() as $kind => $label ) {
			$html .= '<option value="' . esc_attr( $kind ) . '"' . selected( (string) $values['kind'], $kind, false ) . '>' . esc_html( $label ) . '</option>';
		}
		$html .= '</select></label></p>';
		$html .= '<p><label>' . esc_html__( 'Licensor', 'clearance' ) . '<br /><input type="text" class="widefat" name="' . esc_attr( $name( 'licensor' ) ) . '" value="' . esc_attr( (string) $values['licensor'] ) . '" /></label></p>';
		$html .= '<p><label>' . esc_html__( 'Source URL', 'clearance' ) . '<br /><input type="url" class="widefat" name="' . esc_attr( $name( 'source_url' ) ) . '" value="' . esc_attr( (string) $values['source_url'] ) . '" placeholder="https://" /></label></p>';
		$html .= '<p><label>' . esc_html__( 'Expires (last valid day; empty = perpetual)', 'clearance' ) . '<br /><input type="date" name="' . esc_attr( $name( 'expires_on' ) ) . '" value="' . esc_attr( $suggested ? '' : (string) $state['expires_on'] ) . '" /></label></p>';
		$html .= '<p><label>' . esc_html__( 'Proof: license page URL (Clearance stores a snapshot)', 'clearance' ) . '<br /><input type="url" class="widefat" name="' . esc_attr( $name( 'proof_url' ) ) . '" value="" placeholder="https://" /></label></p>';
		$html .= '<p><label>' . esc_html__( 'Proof: document (receipt, invoice, certificate, e-mail)', 'clearance' ) . '<br /><input type="file" name="' . esc_attr( 'clearance_proof_file_' . $id ) . '" /></label> ';
		$html .= '<select name="' . esc_attr( $name( 'proof_kind' ) ) . '">';
		foreach ( Clearance_License::proof_kinds() as $kind => $label ) {
			$html .= '<option value="' . esc_attr( $kind ) . '">' . esc_html( $label ) . '</option>';
		}
		$html .= '</select><br /><span class="description">' . esc_html__( 'In the media modal, upload documents from the full edit screen ("Edit more details").', 'clearance' ) . '</span></p>';
		if ( $suggested ) {
			$html .= '<p><label><input type="checkbox" name="' . esc_attr( $name( 'confirm' ) ) . '" value="1" /> ' . esc_html__( 'Save this license to Clearance', 'clearance' ) . '</label></p>';
		}
		/* translators: %d: number of proofs. */
		$html .= $state['license_id'] ? '<p class="description">' . esc_html( sprintf( _n( '%d proof stored.', '%d proofs stored.', $state['proof_count'], 'clearance' ), $state['proof_count'] ) ) . '</p>' : '';
		// What was shown, so that saving the screen for another reason does not write a license.
		$html .= '<input type="hidden" name="' . esc_attr( $name( 'shown' ) ) . '" value="' . esc_attr( self::signature( $values['kind'], $values['licensor'], $values['source_url'], $suggested ? '' : $state['expires_on'] ) ) . '" />';
		$html .= '</div>';
		return $html;
	}

	/**
	 * A fingerprint of the license fields' values.
	 *
	 * @param mixed ...$values Values.
	 * @return string
	 */
	private static function signature( ...$values ) {
		return md5( implode( "\n", array_map( 'strval', $values ) ) );
	}

	/**
	 * Saves the fields when they changed, a proof was given, or a suggestion was confirmed.
	 *
	 * @param array $post       Post data.
	 * @param array $attachment The submitted attachment fields.
	 * @return array
	 */
	public static function save( $post, $attachment ) {
		$id = isset( $post['ID'] ) ? (int) $post['ID'] : 0;
		if ( ! $id || ! isset( $attachment['clearance_shown'] ) || ! current_user_can( 'edit_post', $id ) || ! Clearance_Settings::can_read() ) {
			return $post;
		}
		$field = static function ( $key ) use ( $attachment ) {
			return isset( $attachment[ 'clearance_' . $key ] ) ? sanitize_text_field( wp_unslash( $attachment[ 'clearance_' . $key ] ) ) : '';
		};
		$input = array(
			'kind'       => $field( 'kind' ),
			'licensor'   => $field( 'licensor' ),
			'source_url' => esc_url_raw( $field( 'source_url' ) ),
			'expires_on' => $field( 'expires_on' ),
			'proof_url'  => esc_url_raw( $field( 'proof_url' ) ),
			'proof_kind' => $field( 'proof_kind' ),
		);
		$file_key = 'clearance_proof_file_' . $id;
		// phpcs:ignore WordPress.Security.NonceVerification.Missing -- the attachment form's own nonce was checked by WordPress before this filter runs.
		if ( isset( $_FILES[ $file_key ]['tmp_name'], $_FILES[ $file_key ]['name'] ) && is_uploaded_file( $_FILES[ $file_key ]['tmp_name'] ) ) {
			// phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents,WordPress.Security.ValidatedSanitizedInput -- the uploaded temp file.
			$input['proof_file'] = array(
				'name'    => sanitize_file_name( wp_unslash( $_FILES[ $file_key ]['name'] ) ),
				'content' => file_get_contents( $_FILES[ $file_key ]['tmp_name'] ), // phpcs:ignore
			);
		}
		$unchanged = self::signature( $input['kind'], $input['licensor'], $input['source_url'], $input['expires_on'] ) === $field( 'shown' );
		$has_proof = '' !== $input['proof_url'] || isset( $input['proof_file'] );
		if ( $unchanged && ! $has_proof && '1' !== $field( 'confirm' ) ) {
			return $post;
		}
		$result = Clearance_License::save( $id, $input );
		if ( is_wp_error( $result ) ) {
			/* translators: %s: error message. */
			set_transient( 'clearance_field_error_' . $id, sprintf( __( 'The license was not saved: %s', 'clearance' ), $result->get_error_message() ), 600 );
			$post['errors']['clearance_license']['errors'][] = $result->get_error_message();
		}
		return $post;
	}
}
