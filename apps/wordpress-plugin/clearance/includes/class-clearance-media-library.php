<?php
/**
 * The coverage column in the media library's list view.
 *
 * @package Clearance
 */

defined( 'ABSPATH' ) || exit;

/**
 * Adds a "License" column showing each image's coverage status with a link to its asset in the
 * Clearance dashboard.
 */
class Clearance_Media_Library {

	/**
	 * Hooks the column in.
	 */
	public static function init() {
		add_filter( 'manage_media_columns', array( __CLASS__, 'columns' ) );
		add_action( 'manage_media_custom_column', array( __CLASS__, 'column' ), 10, 2 );
		add_action( 'admin_head-upload.php', array( __CLASS__, 'styles' ) );
		add_action( 'admin_head-post.php', array( __CLASS__, 'styles' ) );
	}

	/**
	 * Adds the column.
	 *
	 * @param array $columns Columns.
	 * @return array
	 */
	public static function columns( $columns ) {
		if ( Clearance_Settings::can_send() ) {
			$columns['clearance'] = __( 'License', 'clearance' );
		}
		return $columns;
	}

	/**
	 * Prints a cell.
	 *
	 * @param string $column Column.
	 * @param int    $id     Attachment id.
	 */
	public static function column( $column, $id ) {
		if ( 'clearance' !== $column || ! wp_attachment_is_image( $id ) ) {
			return;
		}
		echo Clearance_Asset_Status::badge( $id ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped where built.
	}

	/**
	 * Status colours.
	 */
	public static function styles() {
		?>
		<style>
			.clearance-status { display: inline-block; padding: 0 6px; border-radius: 3px; font-weight: 600; background: #f0f0f1; }
			.clearance-status--covered { background: #d1f2d9; color: #0a5c1f; }
			.clearance-status--expiring, .clearance-status--unproven { background: #fcf0c3; color: #6e4b00; }
			.clearance-status--expired, .clearance-status--uncovered { background: #facfd2; color: #8a1f11; }
			.clearance-status--removed { background: #dcdcde; color: #3c434a; }
		</style>
		<?php
	}
}
