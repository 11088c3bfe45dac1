<?php
/**
 * Router for `php -S`: Debian keeps wp-content outside the document root, so its files
 * (uploads) are served from CLEARANCE_WP_CONTENT_DIR; existing files under the document root
 * are served or run as usual; everything else goes to WordPress's index.php.
 *
 * Decisions are made inside a function: WordPress must be required from the global scope, and
 * no variable of this router may leak into it.
 */
function clearance_test_route() {
	$path    = rawurldecode( (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH ) );
	$content = realpath( (string) getenv( 'CLEARANCE_WP_CONTENT_DIR' ) );
	if ( 0 === strpos( $path, '/wp-content/' ) ) {
		$file = realpath( $content . substr( $path, strlen( '/wp-content' ) ) );
		if ( false === $file || 0 !== strpos( $file, $content . '/' ) || ! is_file( $file ) || preg_match( '/\.php$/i', $file ) ) {
			http_response_code( 404 );
			return 'done';
		}
		$types = array( 'jpg' => 'image/jpeg', 'jpeg' => 'image/jpeg', 'png' => 'image/png', 'gif' => 'image/gif', 'webp' => 'image/webp', 'css' => 'text/css', 'js' => 'application/javascript' );
		$ext   = strtolower( pathinfo( $file, PATHINFO_EXTENSION ) );
		header( 'Content-Type: ' . ( isset( $types[ $ext ] ) ? $types[ $ext ] : 'application/octet-stream' ) );
		header( 'Content-Length: ' . filesize( $file ) );
		readfile( $file );
		return 'done';
	}
	$root = rtrim( $_SERVER['DOCUMENT_ROOT'], '/' );
	if ( '/' !== $path && ( is_file( $root . $path ) || is_dir( $root . $path ) ) ) {
		return 'server';
	}
	return 'wordpress';
}

$clearance_test_route = clearance_test_route();
if ( 'server' === $clearance_test_route ) {
	unset( $clearance_test_route );
	return false;
}
if ( 'done' === $clearance_test_route ) {
	unset( $clearance_test_route );
	return true;
}
unset( $clearance_test_route );
$_SERVER['SCRIPT_NAME']     = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $_SERVER['DOCUMENT_ROOT'] . '/index.php';
$_SERVER['PHP_SELF']        = '/index.php';
require $_SERVER['DOCUMENT_ROOT'] . '/index.php';
