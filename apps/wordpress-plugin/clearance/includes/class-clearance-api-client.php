<?php
/**
 * The Clearance REST API, called with the site's API token.
 *
 * @package Clearance
 */

defined( 'ABSPATH' ) || exit;

/**
 * Small client of Clearance's /v1 API. Every call has a short timeout, and once Clearance has
 * failed to answer in a request, further calls in that request fail at once: a page listing 40
 * images must not wait 40 timeouts.
 */
class Clearance_Api_Client {

	/**
	 * Set when Clearance did not answer during this request.
	 *
	 * @var WP_Error|null
	 */
	private static $unreachable = null;

	/**
	 * Calls the API.
	 *
	 * @param string     $method HTTP method.
	 * @param string     $path   Path starting with /v1/ (query string included).
	 * @param array|null $json   JSON body.
	 * @param array      $args   Extra wp_remote_request arguments (timeout, ...).
	 * @return array|WP_Error The decoded answer, or why there is none.
	 */
	public static function request( $method, $path, $json = null, $args = array() ) {
		$body = null;
		$type = null;
		if ( null !== $json ) {
			$body = wp_json_encode( $json );
			$type = 'application/json';
		}
		return self::send( $method, $path, $body, $type, $args );
	}

	/**
	 * Uploads a file with form fields (multipart/form-data); the file goes last, as the API expects.
	 *
	 * @param string $path     API path.
	 * @param array  $fields   Text fields.
	 * @param string $filename The file's name.
	 * @param string $content  The file's bytes.
	 * @return array|WP_Error
	 */
	public static function upload( $path, $fields, $filename, $content ) {
		$boundary = 'clearance' . wp_generate_password( 24, false );
		$body     = self::multipart( $boundary, $fields, 'file', $filename, $content );
		return self::send( 'POST', $path, $body, 'multipart/form-data; boundary=' . $boundary, array( 'timeout' => 30 ) );
	}

	/**
	 * A multipart/form-data body (RFC 7578).
	 *
	 * @param string $boundary Boundary.
	 * @param array  $fields   Text fields, name => value.
	 * @param string $name     The file part's name.
	 * @param string $filename The file's name.
	 * @param string $content  The file's bytes.
	 * @param string $file_type The file part's content type.
	 * @return string
	 */
	public static function multipart( $boundary, $fields, $name, $filename, $content, $file_type = 'application/octet-stream' ) {
		$body = '';
		foreach ( $fields as $field => $value ) {
			$body .= '--' . $boundary . "\r\n";
			$body .= 'Content-Disposition: form-data; name="' . $field . '"' . "\r\n";
			if ( 'payload' === $field ) {
				$body .= "Content-Type: application/json\r\n";
			}
			$body .= "\r\n" . $value . "\r\n";
		}
		$safe_name = str_replace( array( '"', "\r", "\n", '\\' ), '_', $filename );
		$body     .= '--' . $boundary . "\r\n";
		$body     .= 'Content-Disposition: form-data; name="' . $name . '"; filename="' . $safe_name . '"' . "\r\n";
		$body     .= 'Content-Type: ' . $file_type . "\r\n\r\n";
		$body     .= $content . "\r\n";
		$body     .= '--' . $boundary . "--\r\n";
		return $body;
	}

	/**
	 * Sends one request and reads the answer.
	 *
	 * @param string      $method HTTP method.
	 * @param string      $path   API path.
	 * @param string|null $body   Body.
	 * @param string|null $type   Content type of the body.
	 * @param array       $args   Extra arguments.
	 * @return array|WP_Error
	 */
	private static function send( $method, $path, $body, $type, $args ) {
		if ( ! Clearance_Settings::can_read() ) {
			return new WP_Error( 'clearance_not_configured', __( 'Set the Clearance URL and API token in Settings > Clearance.', 'clearance' ) );
		}
		if ( null !== self::$unreachable ) {
			return self::$unreachable;
		}
		$headers = array(
			'Authorization' => 'Bearer ' . Clearance_Settings::get( 'api_token' ),
			'Accept'        => 'application/json',
		);
		if ( null !== $type ) {
			$headers['Content-Type'] = $type;
		}
		$response = wp_remote_request(
			Clearance_Settings::get( 'api_url' ) . $path,
			array_merge(
				array(
					'method'      => $method,
					'timeout'     => 5,
					'redirection' => 0,
					'headers'     => $headers,
					'body'        => $body,
				),
				$args
			)
		);
		if ( is_wp_error( $response ) ) {
			/* translators: %s: error message. */
			self::$unreachable = new WP_Error( 'clearance_unreachable', sprintf( __( 'Clearance did not answer: %s', 'clearance' ), $response->get_error_message() ) );
			return self::$unreachable;
		}
		$status  = (int) wp_remote_retrieve_response_code( $response );
		$decoded = json_decode( wp_remote_retrieve_body( $response ), true );
		if ( $status >= 200 && $status < 300 ) {
			return is_array( $decoded ) ? $decoded : array();
		}
		return self::problem( $status, $decoded );
	}

	/**
	 * An RFC 9457 problem answer as a WP_Error, with its code and each failing field.
	 *
	 * @param int        $status  HTTP status.
	 * @param array|null $problem Decoded problem.
	 * @return WP_Error
	 */
	public static function problem( $status, $problem ) {
		$problem = is_array( $problem ) ? $problem : array();
		$message = isset( $problem['detail'] ) ? $problem['detail'] : ( isset( $problem['title'] ) ? $problem['title'] : 'HTTP ' . $status );
		if ( ! empty( $problem['errors'] ) && is_array( $problem['errors'] ) ) {
			$fields = array();
			foreach ( $problem['errors'] as $error ) {
				if ( isset( $error['pointer'], $error['detail'] ) ) {
					$fields[] = $error['pointer'] . ': ' . $error['detail'];
				}
			}
			$message .= ' (' . implode( '; ', $fields ) . ')';
		}
		return new WP_Error(
			'clearance_' . ( isset( $problem['code'] ) ? $problem['code'] : 'http_' . $status ),
			$message,
			array(
				'status' => $status >= 400 && $status < 500 ? $status : 502,
				'code'   => isset( $problem['code'] ) ? $problem['code'] : null,
			)
		);
	}

	/**
	 * Forgets an earlier failure (the next call tries again).
	 */
	public static function reset() {
		self::$unreachable = null;
	}
}
