<?php
/**
 * "Assign license" bulk action in the media library's list view.
 *
 * @package Clearance
 */

defined( 'ABSPATH' ) || exit;

/**
 * Select images, choose "Assign license (Clearance)": a form asks for the license once, and one
 * license covering all of them is created in Clearance, with its proof.
 */
class Clearance_Bulk_License {

	const PAGE = 'clearance-bulk-license';

	/**
	 * Hooks the action in.
	 */
	public static function init() {
		add_filter( 'bulk_actions-upload', array( __CLASS__, 'actions' ) );
		add_filter( 'handle_bulk_actions-upload', array( __CLASS__, 'handle' ), 10, 3 );
		add_action( 'admin_menu', array( __CLASS__, 'add_page' ) );
		add_action( 'admin_post_clearance_bulk_license', array( __CLASS__, 'submit' ) );
		add_action( 'admin_notices', array( __CLASS__, 'notice' ) );
	}

	/**
	 * Adds the bulk action.
	 *
	 * @param array $actions Actions.
	 * @return array
	 */
	public static function actions( $actions ) {
		if ( Clearance_Settings::can_read() ) {
			$actions['clearance_assign_license'] = __( 'Assign license (Clearance)', 'clearance' );
		}
		return $actions;
	}

	/**
	 * Sends the selection to the form.
	 *
	 * @param string $redirect Where WordPress would go.
	 * @param string $action   Action.
	 * @param int[]  $ids      Selected attachments.
	 * @return string
	 */
	public static function handle( $redirect, $action, $ids ) {
		if ( 'clearance_assign_license' !== $action ) {
			return $redirect;
		}
		return add_query_arg(
			array(
				'page' => self::PAGE,
				'ids'  => implode( ',', array_map( 'intval', $ids ) ),
			),
			admin_url( 'admin.php' )
		);
	}

	/**
	 * Registers the form page (not in the menu).
	 */
	public static function add_page() {
		add_submenu_page( 'options.php', __( 'Assign license', 'clearance' ), __( 'Assign license', 'clearance' ), 'upload_files', self::PAGE, array( __CLASS__, 'render' ) );
	}

	/**
	 * Selected ids the user may edit.
	 *
	 * @param string $raw Comma-separated ids.
	 * @return int[]
	 */
	private static function ids( $raw ) {
		$ids = array_filter( array_map( 'absint', explode( ',', (string) $raw ) ) );
		return array_values(
			array_filter(
				$ids,
				static function ( $id ) {
					return wp_attachment_is_image( $id ) && current_user_can( 'edit_post', $id );
				}
			)
		);
	}

	/**
	 * The form.
	 */
	public static function render() {
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- only reads which images to show.
		$ids = self::ids( isset( $_GET['ids'] ) ? sanitize_text_field( wp_unslash( $_GET['ids'] ) ) : '' );
		?>
		<div class="wrap">
			<h1><?php esc_html_e( 'Assign one license to the selected images', 'clearance' ); ?></h1>
			<?php if ( empty( $ids ) ) : ?>
				<p><?php esc_html_e( 'No images selected.', 'clearance' ); ?></p>
			<?php else : ?>
				<p><?php echo esc_html( implode( ', ', array_map( 'get_the_title', $ids ) ) ); ?></p>
				<form method="post" enctype="multipart/form-data" action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>">
					<input type="hidden" name="action" value="clearance_bulk_license" />
					<input type="hidden" name="ids" value="<?php echo esc_attr( implode( ',', $ids ) ); ?>" />
					<?php wp_nonce_field( 'clearance_bulk_license' ); ?>
					<table class="form-table" role="presentation">
						<tr><th scope="row"><label for="clearance_kind"><?php esc_html_e( 'Kind', 'clearance' ); ?></label></th><td>
							<select id="clearance_kind" name="kind" required>
								<option value=""><?php esc_html_e( '— choose —', 'clearance' ); ?></option>
								<?php foreach ( Clearance_License::kinds() as $kind => $label ) : ?>
									<option value="<?php echo esc_attr( $kind ); ?>"><?php echo esc_html( $label ); ?></option>
								<?php endforeach; ?>
							</select></td></tr>
						<tr><th scope="row"><label for="clearance_licensor"><?php esc_html_e( 'Licensor', 'clearance' ); ?></label></th><td><input type="text" class="regular-text" id="clearance_licensor" name="licensor" /></td></tr>
						<tr><th scope="row"><label for="clearance_source_url"><?php esc_html_e( 'Source URL', 'clearance' ); ?></label></th><td><input type="url" class="regular-text" id="clearance_source_url" name="source_url" /></td></tr>
						<tr><th scope="row"><label for="clearance_expires_on"><?php esc_html_e( 'Expires (last valid day)', 'clearance' ); ?></label></th><td><input type="date" id="clearance_expires_on" name="expires_on" /></td></tr>
						<tr><th scope="row"><label for="clearance_proof_url"><?php esc_html_e( 'Proof: license page URL', 'clearance' ); ?></label></th><td><input type="url" class="regular-text" id="clearance_proof_url" name="proof_url" /></td></tr>
						<tr><th scope="row"><label for="clearance_proof_file"><?php esc_html_e( 'Proof: document', 'clearance' ); ?></label></th><td>
							<input type="file" id="clearance_proof_file" name="proof_file" />
							<select name="proof_kind">
								<?php foreach ( Clearance_License::proof_kinds() as $kind => $label ) : ?>
									<option value="<?php echo esc_attr( $kind ); ?>"><?php echo esc_html( $label ); ?></option>
								<?php endforeach; ?>
							</select></td></tr>
					</table>
					<?php submit_button( __( 'Save license to Clearance', 'clearance' ) ); ?>
				</form>
			<?php endif; ?>
		</div>
		<?php
	}

	/**
	 * Saves the license and goes back to the media library.
	 */
	public static function submit() {
		check_admin_referer( 'clearance_bulk_license' );
		if ( ! current_user_can( 'upload_files' ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to do that.', 'clearance' ), 403 );
		}
		$text  = static function ( $key ) {
			return isset( $_POST[ $key ] ) ? sanitize_text_field( wp_unslash( $_POST[ $key ] ) ) : ''; // phpcs:ignore WordPress.Security.NonceVerification.Missing -- checked above.
		};
		$ids   = self::ids( $text( 'ids' ) );
		$input = array(
			'kind'       => $text( 'kind' ),
			'licensor'   => $text( 'licensor' ),
			'source_url' => esc_url_raw( $text( 'source_url' ) ),
			'expires_on' => $text( 'expires_on' ),
			'proof_url'  => esc_url_raw( $text( 'proof_url' ) ),
			'proof_kind' => $text( 'proof_kind' ),
		);
		if ( isset( $_FILES['proof_file']['tmp_name'], $_FILES['proof_file']['name'] ) && is_uploaded_file( $_FILES['proof_file']['tmp_name'] ) ) { // phpcs:ignore WordPress.Security.ValidatedSanitizedInput
			$input['proof_file'] = array(
				'name'    => sanitize_file_name( wp_unslash( $_FILES['proof_file']['name'] ) ), // phpcs:ignore WordPress.Security.ValidatedSanitizedInput
				'content' => file_get_contents( $_FILES['proof_file']['tmp_name'] ), // phpcs:ignore
			);
		}
		$result = Clearance_License::save_for_many( $ids, $input );
		if ( is_wp_error( $result ) ) {
			/* translators: %s: error message. */
			$message = array( 'error', sprintf( __( 'The license was not saved: %s', 'clearance' ), $result->get_error_message() ) );
		} else {
			/* translators: 1: images covered, 2: images skipped. */
			$message = array( 'success', sprintf( __( 'License saved for %1$d images (%2$d not in Clearance yet).', 'clearance' ), count( $result['covered'] ), count( $result['skipped'] ) ) );
		}
		set_transient( 'clearance_bulk_notice_' . get_current_user_id(), $message, 300 );
		wp_safe_redirect( admin_url( 'upload.php?mode=list' ) );
		exit;
	}

	/**
	 * The outcome, once.
	 */
	public static function notice() {
		$key     = 'clearance_bulk_notice_' . get_current_user_id();
		$message = get_transient( $key );
		if ( ! is_array( $message ) ) {
			return;
		}
		delete_transient( $key );
		printf( '<div class="notice notice-%1$s is-dismissible"><p>%2$s</p></div>', esc_attr( $message[0] ), esc_html( $message[1] ) );
	}
}
