<?php
/**
 * What Clearance knows about an attachment: its asset id and coverage status.
 *
 * @package Clearance
 */

defined( 'ABSPATH' ) || exit;

/**
 * The asset id and status are kept in post meta: every webhook answer carries them, so the
 * media library shows them without asking Clearance. The status also moves with time
 * (expiring, expired) and with work done in the dashboard, so it is re-read from the API when
 * older than five minutes and a token is set.
 */
class Clearance_Asset_Status {

	const META_ASSET   = '_clearance_asset_id';
	const META_STATUS  = '_clearance_coverage_status';
	const META_CHECKED = '_clearance_checked_at';
	const FRESH_FOR    = 300;

	/**
	 * The statuses Clearance uses, with their labels.
	 *
	 * @return array<string, string>
	 */
	public static function labels() {
		return array(
			'covered'   => __( 'Covered', 'clearance' ),
			'expiring'  => __( 'Expiring', 'clearance' ),
			'expired'   => __( 'Expired', 'clearance' ),
			'unproven'  => __( 'Unproven', 'clearance' ),
			'uncovered' => __( 'Uncovered', 'clearance' ),
			'removed'   => __( 'Removed', 'clearance' ),
		);
	}

	/**
	 * Stores what a webhook answer or an API read said.
	 *
	 * @param int   $attachment_id Attachment id.
	 * @param array $answer        With assetId / id and coverageStatus.
	 */
	public static function remember( $attachment_id, $answer ) {
		$asset_id = isset( $answer['assetId'] ) ? $answer['assetId'] : ( isset( $answer['id'] ) ? $answer['id'] : null );
		if ( is_string( $asset_id ) && '' !== $asset_id ) {
			update_post_meta( $attachment_id, self::META_ASSET, $asset_id );
		}
		if ( isset( $answer['coverageStatus'] ) && is_string( $answer['coverageStatus'] ) ) {
			update_post_meta( $attachment_id, self::META_STATUS, $answer['coverageStatus'] );
			update_post_meta( $attachment_id, self::META_CHECKED, time() );
		}
	}

	/**
	 * The Clearance asset id of an attachment, looked up by its CMS id when not known yet.
	 *
	 * @param int $attachment_id Attachment id.
	 * @return string|WP_Error
	 */
	public static function asset_id( $attachment_id ) {
		$known = (string) get_post_meta( $attachment_id, self::META_ASSET, true );
		if ( '' !== $known ) {
			return $known;
		}
		$page = Clearance_Api_Client::request( 'GET', '/v1/assets?' . http_build_query( array( 'siteId' => Clearance_Settings::get( 'site_id' ), 'cmsId' => (string) $attachment_id, 'limit' => 1 ) ) );
		if ( is_wp_error( $page ) ) {
			return $page;
		}
		if ( empty( $page['items'][0]['id'] ) ) {
			return new WP_Error( 'clearance_not_recorded', __( 'Clearance has not recorded this image yet (it is sent after upload; see Settings > Clearance for the delivery queue).', 'clearance' ), array( 'status' => 409 ) );
		}
		self::remember( $attachment_id, $page['items'][0] );
		return $page['items'][0]['id'];
	}

	/**
	 * The asset with its licenses and proofs, read from Clearance now.
	 *
	 * @param int $attachment_id Attachment id.
	 * @return array|WP_Error
	 */
	public static function fetch_asset( $attachment_id ) {
		$asset_id = self::asset_id( $attachment_id );
		if ( is_wp_error( $asset_id ) ) {
			return $asset_id;
		}
		$asset = Clearance_Api_Client::request( 'GET', '/v1/assets/' . rawurlencode( $asset_id ) );
		if ( is_wp_error( $asset ) && 'clearance_not_found' === $asset->get_error_code() ) {
			delete_post_meta( $attachment_id, self::META_ASSET ); // Recorded again under a new id, perhaps.
		}
		if ( ! is_wp_error( $asset ) ) {
			self::remember( $attachment_id, $asset );
		}
		return $asset;
	}

	/**
	 * The status to show: the stored one, refreshed when stale and Clearance can be asked.
	 *
	 * @param int $attachment_id Attachment id.
	 * @return array{status: string, asset_id: string}
	 */
	public static function current( $attachment_id ) {
		$checked = (int) get_post_meta( $attachment_id, self::META_CHECKED, true );
		if ( Clearance_Settings::can_read() && time() - $checked > self::FRESH_FOR ) {
			self::fetch_asset( $attachment_id );
		}
		return array(
			'status'   => (string) get_post_meta( $attachment_id, self::META_STATUS, true ),
			'asset_id' => (string) get_post_meta( $attachment_id, self::META_ASSET, true ),
		);
	}

	/**
	 * The status as a badge linking to the asset in the dashboard.
	 *
	 * @param int $attachment_id Attachment id.
	 * @return string HTML.
	 */
	public static function badge( $attachment_id ) {
		$state  = self::current( $attachment_id );
		$labels = self::labels();
		if ( '' === $state['status'] ) {
			return '<span class="clearance-status clearance-status--none">' . esc_html__( 'Not in Clearance yet', 'clearance' ) . '</span>';
		}
		$label = isset( $labels[ $state['status'] ] ) ? $labels[ $state['status'] ] : $state['status'];
		$html  = '<span class="clearance-status clearance-status--' . esc_attr( $state['status'] ) . '">' . esc_html( $label ) . '</span>';
		$url   = Clearance_Settings::asset_url( $state['asset_id'] );
		if ( '' !== $url ) {
			$html .= ' <a href="' . esc_url( $url ) . '" target="_blank" rel="noopener">' . esc_html__( 'Open in Clearance', 'clearance' ) . '</a>';
		}
		return $html;
	}
}
