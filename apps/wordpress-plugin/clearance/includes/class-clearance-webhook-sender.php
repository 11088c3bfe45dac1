<?php
/**
 * Signed delivery per Standard Webhooks.
 *
 * @package Clearance
 */

defined( 'ABSPATH' ) || exit;

/**
 * Signs and posts one message to POST /v1/hooks/wordpress/<site id>.
 *
 * @link https://www.standardwebhooks.com/
 */
class Clearance_Webhook_Sender {

	/**
	 * Standard Webhooks signature: `v1,` + base64 HMAC-SHA256 of "<id>.<timestamp>.<body>",
	 * keyed with the base64-decoded part of the `whsec_` secret.
	 *
	 * @param string $secret    whsec_ secret.
	 * @param string $id        webhook-id.
	 * @param int    $timestamp Unix seconds.
	 * @param string $body      The exact bytes sent.
	 * @return string
	 */
	public static function sign( $secret, $id, $timestamp, $body ) {
		// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode -- the secret's format.
		$key = base64_decode( preg_replace( '/^whsec_/', '', $secret ), true );
		if ( false === $key ) {
			$key = '';
		}
		// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- the signature's format.
		return 'v1,' . base64_encode( hash_hmac( 'sha256', $id . '.' . $timestamp . '.' . $body, $key, true ) );
	}

	/**
	 * Posts one signed message. The timestamp is the time of this attempt (Clearance allows five
	 * minutes of skew); the id stays the same across attempts, so Clearance processes it once.
	 *
	 * @param string $id           webhook-id.
	 * @param string $body         Body bytes.
	 * @param string $content_type Its content type.
	 * @param int    $timeout      Seconds.
	 * @return array{status: int, body: array|null, error: string} Status 0 when nothing answered.
	 */
	public static function send( $id, $body, $content_type, $timeout ) {
		$settings  = Clearance_Settings::all();
		$timestamp = time();
		$url       = $settings['api_url'] . '/v1/hooks/wordpress/' . rawurlencode( $settings['site_id'] );
		$response  = wp_remote_post(
			$url,
			array(
				'timeout'     => $timeout,
				'redirection' => 0,
				'headers'     => array(
					'Content-Type'      => $content_type,
					'webhook-id'        => $id,
					'webhook-timestamp' => (string) $timestamp,
					'webhook-signature' => self::sign( $settings['secret'], $id, $timestamp, $body ),
					'User-Agent'        => 'Clearance-WordPress/' . CLEARANCE_VERSION . '; ' . home_url(),
				),
				'body'        => $body,
			)
		);
		if ( is_wp_error( $response ) ) {
			return array(
				'status' => 0,
				'body'   => null,
				'error'  => $response->get_error_message(),
			);
		}
		$status  = (int) wp_remote_retrieve_response_code( $response );
		$decoded = json_decode( wp_remote_retrieve_body( $response ), true );
		$error   = '';
		if ( $status < 200 || $status >= 300 ) {
			$error = Clearance_Api_Client::problem( $status, $decoded )->get_error_message();
		}
		return array(
			'status' => $status,
			'body'   => is_array( $decoded ) ? $decoded : null,
			'error'  => $error,
		);
	}
}
