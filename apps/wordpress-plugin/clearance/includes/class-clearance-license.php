<?php
/**
 * Reading and saving an image's license in Clearance.
 *
 * @package Clearance
 */

defined( 'ABSPATH' ) || exit;

/**
 * One place for the license rules shared by the attachment fields, the REST field and the
 * bulk action: what the form shows (the current license, else Clearance's suggestion) and how
 * a submitted form becomes a license and a proof in Clearance.
 */
class Clearance_License {

	const META_LICENSE = '_clearance_license_id';

	/**
	 * License kinds Clearance knows, with labels.
	 *
	 * @return array<string, string>
	 */
	public static function kinds() {
		return array(
			'own_work'           => __( 'Own work', 'clearance' ),
			'stock_royalty_free' => __( 'Stock (royalty-free)', 'clearance' ),
			'rights_managed'     => __( 'Rights-managed', 'clearance' ),
			'creative_commons'   => __( 'Creative Commons', 'clearance' ),
			'public_domain'      => __( 'Public domain', 'clearance' ),
			'free_license_site'  => __( 'Free-license site (Unsplash, Pexels, …)', 'clearance' ),
			'press_kit'          => __( 'Press kit / editorial', 'clearance' ),
			'written_permission' => __( 'Written permission', 'clearance' ),
			'settlement'         => __( 'Settlement license', 'clearance' ),
			'embed_only'         => __( 'Embed only', 'clearance' ),
			'other'              => __( 'Other', 'clearance' ),
		);
	}

	/**
	 * Proof document kinds offered for an uploaded file.
	 *
	 * @return array<string, string>
	 */
	public static function proof_kinds() {
		return array(
			'receipt'             => __( 'Receipt', 'clearance' ),
			'invoice'             => __( 'Invoice', 'clearance' ),
			'license_certificate' => __( 'License certificate', 'clearance' ),
			'permission_email'    => __( 'Permission e-mail (.eml)', 'clearance' ),
			'screenshot'          => __( 'Screenshot', 'clearance' ),
			'correspondence'      => __( 'Correspondence', 'clearance' ),
			'other'               => __( 'Other', 'clearance' ),
		);
	}

	/**
	 * What Clearance holds for an attachment, in the shape of the REST field.
	 *
	 * @param int $attachment_id Attachment id.
	 * @return array|WP_Error
	 */
	public static function get( $attachment_id ) {
		$asset = Clearance_Asset_Status::fetch_asset( $attachment_id );
		if ( is_wp_error( $asset ) ) {
			return $asset;
		}
		$license = self::current_license( $attachment_id, isset( $asset['licenses'] ) ? (array) $asset['licenses'] : array() );
		return array(
			'asset_id'        => $asset['id'],
			'coverage_status' => $asset['coverageStatus'],
			'dashboard_url'   => Clearance_Settings::asset_url( $asset['id'] ),
			'license_id'      => $license ? $license['id'] : null,
			'kind'            => $license ? $license['kind'] : null,
			'licensor'        => $license ? $license['licensor'] : null,
			'source_url'      => $license ? $license['sourceUrl'] : null,
			'expires_on'      => $license ? $license['expiresOn'] : null,
			'proof_count'     => $license ? (int) $license['proofCount'] : 0,
			'license_count'   => isset( $asset['licenses'] ) ? count( (array) $asset['licenses'] ) : 0,
			'suggestion'      => self::suggestion( $asset ),
		);
	}

	/**
	 * The license the fields edit: the one saved from here, else the newest.
	 *
	 * @param int   $attachment_id Attachment id.
	 * @param array $licenses      The asset's licenses.
	 * @return array|null
	 */
	private static function current_license( $attachment_id, $licenses ) {
		if ( empty( $licenses ) ) {
			return null;
		}
		$saved = (string) get_post_meta( $attachment_id, self::META_LICENSE, true );
		foreach ( $licenses as $license ) {
			if ( $license['id'] === $saved ) {
				return $license;
			}
		}
		usort(
			$licenses,
			static function ( $a, $b ) {
				return strcmp( $b['createdAt'], $a['createdAt'] );
			}
		);
		return $licenses[0];
	}

	/**
	 * Clearance's suggestion from the file's metadata and name (detected source, licensor,
	 * web statement). A suggestion only: nothing is saved until the user saves it.
	 *
	 * @param array $asset Asset from the API.
	 * @return array|null
	 */
	public static function suggestion( $asset ) {
		$rights = isset( $asset['rights'] ) && is_array( $asset['rights'] ) ? $asset['rights'] : array();
		$source = isset( $asset['detectedSource'] ) && is_array( $asset['detectedSource'] ) ? $asset['detectedSource'] : null;
		$pick   = static function ( $keys ) use ( $rights ) {
			foreach ( $keys as $key ) {
				if ( ! empty( $rights[ $key ] ) ) {
					return (string) $rights[ $key ];
				}
			}
			return null;
		};
		$kind     = $source && isset( self::kinds()[ (string) $source['suggestedKind'] ] ) ? $source['suggestedKind'] : null;
		$licensor = $pick( array( 'licensorName', 'copyrightOwner', 'credit', 'creator' ) );
		if ( null === $licensor && $source ) {
			$licensor = $source['provider'];
		}
		$url = $pick( array( 'webStatement', 'licensorUrl' ) );
		if ( null !== $url && ! preg_match( '#^https?://#i', $url ) ) {
			$url = null;
		}
		if ( null === $kind && null === $licensor && null === $url ) {
			return null;
		}
		return array(
			'kind'       => $kind,
			'licensor'   => $licensor,
			'source_url' => $url,
			'provider'   => $source ? $source['provider'] : null,
			'confidence' => $source ? $source['confidence'] : null,
			'evidence'   => $source ? array_values( (array) $source['evidence'] ) : array(),
		);
	}

	/**
	 * Checks and normalizes submitted fields.
	 *
	 * @param array $input kind, licensor, source_url, expires_on, proof_url, proof_kind, proof_file.
	 * @return array|WP_Error
	 */
	public static function clean_input( $input ) {
		$text  = static function ( $key ) use ( $input ) {
			return isset( $input[ $key ] ) && is_scalar( $input[ $key ] ) ? trim( (string) $input[ $key ] ) : '';
		};
		$clean = array(
			'kind'       => $text( 'kind' ),
			'licensor'   => $text( 'licensor' ),
			'source_url' => $text( 'source_url' ),
			'expires_on' => $text( 'expires_on' ),
			'proof_url'  => $text( 'proof_url' ),
			'proof_kind' => $text( 'proof_kind' ),
			'proof_file' => isset( $input['proof_file'] ) && is_array( $input['proof_file'] ) ? $input['proof_file'] : null,
		);
		if ( '' !== $clean['kind'] && ! isset( self::kinds()[ $clean['kind'] ] ) ) {
			/* translators: %s: license kind. */
			return new WP_Error( 'clearance_invalid_kind', sprintf( __( 'Unknown license kind "%s".', 'clearance' ), $clean['kind'] ), array( 'status' => 400 ) );
		}
		if ( '' !== $clean['expires_on'] && ! preg_match( '/^\d{4}-\d{2}-\d{2}$/', $clean['expires_on'] ) ) {
			return new WP_Error( 'clearance_invalid_date', __( 'The expiry date must be YYYY-MM-DD.', 'clearance' ), array( 'status' => 400 ) );
		}
		foreach ( array( 'source_url', 'proof_url' ) as $key ) {
			if ( '' !== $clean[ $key ] && ! preg_match( '#^https?://#i', $clean[ $key ] ) ) {
				return new WP_Error( 'clearance_invalid_url', __( 'URLs must start with http:// or https://.', 'clearance' ), array( 'status' => 400 ) );
			}
		}
		if ( '' !== $clean['proof_kind'] && ! isset( self::proof_kinds()[ $clean['proof_kind'] ] ) ) {
			return new WP_Error( 'clearance_invalid_proof_kind', __( 'Unknown proof kind.', 'clearance' ), array( 'status' => 400 ) );
		}
		if ( null !== $clean['proof_file'] && ( empty( $clean['proof_file']['name'] ) || ! isset( $clean['proof_file']['content'] ) ) ) {
			return new WP_Error( 'clearance_invalid_proof_file', __( 'A proof file needs a name and its content.', 'clearance' ), array( 'status' => 400 ) );
		}
		$has_proof = '' !== $clean['proof_url'] || null !== $clean['proof_file'];
		if ( '' === $clean['kind'] && ( '' !== $clean['licensor'] || '' !== $clean['source_url'] || '' !== $clean['expires_on'] || $has_proof ) ) {
			return new WP_Error( 'clearance_kind_required', __( 'Choose the kind of license.', 'clearance' ), array( 'status' => 400 ) );
		}
		return $clean;
	}

	/**
	 * The license body fields of a cleaned form.
	 *
	 * @param array $clean Cleaned input.
	 * @return array
	 */
	private static function license_fields( $clean ) {
		return array(
			'kind'      => $clean['kind'],
			'licensor'  => '' !== $clean['licensor'] ? $clean['licensor'] : null,
			'sourceUrl' => '' !== $clean['source_url'] ? $clean['source_url'] : null,
			'expiresOn' => '' !== $clean['expires_on'] ? $clean['expires_on'] : null,
		);
	}

	/**
	 * Saves the license of one attachment: corrects the license it has (when saved from here or
	 * the only one), or creates one; then attaches the proof.
	 *
	 * @param int   $attachment_id Attachment id.
	 * @param array $input         Submitted fields.
	 * @return array|WP_Error What Clearance holds afterwards.
	 */
	public static function save( $attachment_id, $input ) {
		$clean = self::clean_input( $input );
		if ( is_wp_error( $clean ) ) {
			return $clean;
		}
		if ( '' === $clean['kind'] ) {
			return self::get( $attachment_id ); // Nothing to save; licenses are withdrawn in the dashboard.
		}
		$current = self::get( $attachment_id );
		if ( is_wp_error( $current ) ) {
			return $current;
		}
		$fields = self::license_fields( $clean );
		if ( null !== $current['license_id'] ) {
			$changed = array();
			$before  = array(
				'kind'      => $current['kind'],
				'licensor'  => $current['licensor'],
				'sourceUrl' => $current['source_url'],
				'expiresOn' => $current['expires_on'],
			);
			foreach ( $fields as $key => $value ) {
				if ( $before[ $key ] !== $value ) {
					$changed[ $key ] = $value;
				}
			}
			$license_id = $current['license_id'];
			if ( ! empty( $changed ) ) {
				$updated = Clearance_Api_Client::request( 'PATCH', '/v1/licenses/' . rawurlencode( $license_id ), $changed );
				if ( is_wp_error( $updated ) ) {
					return $updated;
				}
			}
		} else {
			$created = Clearance_Api_Client::request( 'POST', '/v1/licenses', array_merge( $fields, array( 'assetIds' => array( $current['asset_id'] ) ) ) );
			if ( is_wp_error( $created ) ) {
				return $created;
			}
			$license_id = $created['id'];
		}
		update_post_meta( $attachment_id, self::META_LICENSE, $license_id );
		$proof = self::attach_proof( $license_id, $clean );
		if ( is_wp_error( $proof ) ) {
			return $proof;
		}
		return self::get( $attachment_id );
	}

	/**
	 * One new license covering many attachments (the bulk action).
	 *
	 * @param int[] $attachment_ids Attachment ids.
	 * @param array $input          Submitted fields.
	 * @return array{license_id: string, covered: int[], skipped: array<int, string>}|WP_Error
	 */
	public static function save_for_many( $attachment_ids, $input ) {
		$clean = self::clean_input( $input );
		if ( is_wp_error( $clean ) ) {
			return $clean;
		}
		if ( '' === $clean['kind'] ) {
			return new WP_Error( 'clearance_kind_required', __( 'Choose the kind of license.', 'clearance' ), array( 'status' => 400 ) );
		}
		$asset_ids = array();
		$skipped   = array();
		foreach ( $attachment_ids as $attachment_id ) {
			$asset_id = Clearance_Asset_Status::asset_id( $attachment_id );
			if ( is_wp_error( $asset_id ) ) {
				if ( 'clearance_unreachable' === $asset_id->get_error_code() ) {
					return $asset_id;
				}
				$skipped[ $attachment_id ] = $asset_id->get_error_message();
				continue;
			}
			$asset_ids[ $attachment_id ] = $asset_id;
		}
		if ( empty( $asset_ids ) ) {
			return new WP_Error( 'clearance_nothing_to_license', __( 'None of the selected images is recorded in Clearance yet.', 'clearance' ), array( 'status' => 409 ) );
		}
		$created = Clearance_Api_Client::request( 'POST', '/v1/licenses', array_merge( self::license_fields( $clean ), array( 'assetIds' => array_values( array_unique( $asset_ids ) ) ) ) );
		if ( is_wp_error( $created ) ) {
			return $created;
		}
		$proof = self::attach_proof( $created['id'], $clean );
		if ( is_wp_error( $proof ) ) {
			return $proof;
		}
		foreach ( array_keys( $asset_ids ) as $attachment_id ) {
			update_post_meta( $attachment_id, self::META_LICENSE, $created['id'] );
			Clearance_Asset_Status::fetch_asset( $attachment_id );
		}
		return array(
			'license_id' => $created['id'],
			'covered'    => array_keys( $asset_ids ),
			'skipped'    => $skipped,
		);
	}

	/**
	 * Attaches the proof: an uploaded document, or a snapshot of the license page, which
	 * Clearance fetches and stores with the time and address it was fetched from.
	 *
	 * @param string $license_id License id.
	 * @param array  $clean      Cleaned input.
	 * @return true|WP_Error
	 */
	private static function attach_proof( $license_id, $clean ) {
		if ( null !== $clean['proof_file'] ) {
			$uploaded = Clearance_Api_Client::upload(
				'/v1/licenses/' . rawurlencode( $license_id ) . '/proofs',
				array( 'kind' => '' !== $clean['proof_kind'] ? $clean['proof_kind'] : 'receipt' ),
				(string) $clean['proof_file']['name'],
				(string) $clean['proof_file']['content']
			);
			if ( is_wp_error( $uploaded ) ) {
				return $uploaded;
			}
		}
		if ( '' !== $clean['proof_url'] ) {
			$snapshot = Clearance_Api_Client::request(
				'POST',
				'/v1/licenses/' . rawurlencode( $license_id ) . '/proofs/snapshot',
				array(
					'url'  => $clean['proof_url'],
					'kind' => 'license_page_snapshot',
				),
				array( 'timeout' => 30 )
			);
			if ( is_wp_error( $snapshot ) ) {
				return $snapshot;
			}
		}
		return true;
	}
}
