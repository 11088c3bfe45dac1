<?php
/**
 * Settings: where Clearance is, which site this is, and the two credentials.
 *
 * @package Clearance
 */

defined( 'ABSPATH' ) || exit;

/**
 * The settings page (Settings > Clearance), its option and the "Test connection" button.
 */
class Clearance_Settings {

	const OPTION = 'clearance_settings';
	const PAGE   = 'clearance';

	/**
	 * Hooks the settings page in.
	 */
	public static function init() {
		add_action( 'admin_menu', array( __CLASS__, 'add_page' ) );
		add_action( 'admin_init', array( __CLASS__, 'register' ) );
		add_action( 'admin_post_clearance_test_connection', array( __CLASS__, 'handle_test_connection' ) );
		add_action( 'admin_post_clearance_retry_outbox', array( __CLASS__, 'handle_retry_outbox' ) );
		add_filter( 'plugin_action_links_' . plugin_basename( CLEARANCE_PLUGIN_FILE ), array( __CLASS__, 'action_links' ) );
	}

	/**
	 * All settings, with defaults filled in.
	 *
	 * @return array{api_url: string, dashboard_url: string, site_id: string, secret: string, api_token: string}
	 */
	public static function all() {
		$stored = get_option( self::OPTION, array() );
		$stored = is_array( $stored ) ? $stored : array();
		$values = wp_parse_args(
			$stored,
			array(
				'api_url'       => '',
				'dashboard_url' => '',
				'site_id'       => '',
				'secret'        => '',
				'api_token'     => '',
			)
		);
		$values['api_url'] = untrailingslashit( $values['api_url'] );
		// The dashboard is served separately; without its own address, assume it shares the API's.
		$values['dashboard_url'] = untrailingslashit( '' !== $values['dashboard_url'] ? $values['dashboard_url'] : $values['api_url'] );
		return $values;
	}

	/**
	 * One setting.
	 *
	 * @param string $key Setting name.
	 * @return string
	 */
	public static function get( $key ) {
		$all = self::all();
		return isset( $all[ $key ] ) ? (string) $all[ $key ] : '';
	}

	/**
	 * Whether uploads can be sent: the webhook needs the URL, the site id and the secret.
	 *
	 * @return bool
	 */
	public static function can_send() {
		$s = self::all();
		return '' !== $s['api_url'] && '' !== $s['site_id'] && '' !== $s['secret'];
	}

	/**
	 * Whether statuses can be read and licenses saved: that needs the API token too.
	 *
	 * @return bool
	 */
	public static function can_read() {
		$s = self::all();
		return '' !== $s['api_url'] && '' !== $s['api_token'];
	}

	/**
	 * The dashboard page of an asset.
	 *
	 * @param string $asset_id Clearance asset id.
	 * @return string
	 */
	public static function asset_url( $asset_id ) {
		$base = self::get( 'dashboard_url' );
		return '' === $base || '' === $asset_id ? '' : $base . '/assets/' . rawurlencode( $asset_id );
	}

	/**
	 * Registers the option with its sanitizer.
	 */
	public static function register() {
		register_setting(
			self::PAGE,
			self::OPTION,
			array(
				'type'              => 'array',
				'sanitize_callback' => array( __CLASS__, 'sanitize' ),
				'show_in_rest'      => false,
			)
		);
	}

	/**
	 * Cleans submitted settings. An empty secret or token field keeps the stored one, so that
	 * the page never has to print a credential back.
	 *
	 * @param mixed $input Submitted values.
	 * @return array
	 */
	public static function sanitize( $input ) {
		$input    = is_array( $input ) ? $input : array();
		$previous = get_option( self::OPTION, array() );
		$previous = is_array( $previous ) ? $previous : array();
		$clean    = array(
			'api_url'       => isset( $input['api_url'] ) ? esc_url_raw( trim( (string) $input['api_url'] ), array( 'http', 'https' ) ) : '',
			'dashboard_url' => isset( $input['dashboard_url'] ) ? esc_url_raw( trim( (string) $input['dashboard_url'] ), array( 'http', 'https' ) ) : '',
			'site_id'       => isset( $input['site_id'] ) ? sanitize_text_field( (string) $input['site_id'] ) : '',
		);
		foreach ( array( 'secret', 'api_token' ) as $key ) {
			$value         = isset( $input[ $key ] ) ? trim( sanitize_text_field( (string) $input[ $key ] ) ) : '';
			$clean[ $key ] = '' !== $value ? $value : ( isset( $previous[ $key ] ) ? (string) $previous[ $key ] : '' );
		}
		if ( '' !== $clean['secret'] && 0 !== strpos( $clean['secret'], 'whsec_' ) ) {
			add_settings_error( self::OPTION, 'clearance_secret', __( 'The signing secret starts with "whsec_": copy it from the site in Clearance.', 'clearance' ) );
		}
		return $clean;
	}

	/**
	 * Adds Settings > Clearance.
	 */
	public static function add_page() {
		add_options_page( __( 'Clearance', 'clearance' ), __( 'Clearance', 'clearance' ), 'manage_options', self::PAGE, array( __CLASS__, 'render_page' ) );
	}

	/**
	 * A "Settings" link on the plugins screen.
	 *
	 * @param string[] $links Existing links.
	 * @return string[]
	 */
	public static function action_links( $links ) {
		array_unshift( $links, '<a href="' . esc_url( admin_url( 'options-general.php?page=' . self::PAGE ) ) . '">' . esc_html__( 'Settings', 'clearance' ) . '</a>' );
		return $links;
	}

	/**
	 * Renders the settings page.
	 */
	public static function render_page() {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		$s      = self::all();
		$stored = get_option( self::OPTION, array() );
		$result = get_transient( 'clearance_test_result_' . get_current_user_id() );
		$counts = Clearance_Outbox::counts();
		?>
		<div class="wrap">
			<h1><?php esc_html_e( 'Clearance', 'clearance' ); ?></h1>
			<p><?php esc_html_e( 'Clearance keeps, for every image this site publishes, where it came from, under what license, until when, and the proof. This plugin sends each upload to Clearance and lets you log licenses from the media library.', 'clearance' ); ?></p>
			<?php settings_errors( self::OPTION ); ?>
			<?php if ( is_array( $result ) ) : ?>
				<?php delete_transient( 'clearance_test_result_' . get_current_user_id() ); ?>
				<div class="notice <?php echo $result['ok'] ? 'notice-success' : 'notice-error'; ?>">
					<p><strong><?php esc_html_e( 'Connection test', 'clearance' ); ?></strong></p>
					<ul>
						<?php foreach ( $result['lines'] as $line ) : ?>
							<li><?php echo esc_html( ( $line['ok'] ? '✔ ' : '✘ ' ) . $line['text'] ); ?></li>
						<?php endforeach; ?>
					</ul>
				</div>
			<?php endif; ?>
			<form method="post" action="options.php">
				<?php settings_fields( self::PAGE ); ?>
				<table class="form-table" role="presentation">
					<tr>
						<th scope="row"><label for="clearance_api_url"><?php esc_html_e( 'Clearance API URL', 'clearance' ); ?></label></th>
						<td>
							<input type="url" class="regular-text code" id="clearance_api_url" name="<?php echo esc_attr( self::OPTION ); ?>[api_url]" value="<?php echo esc_attr( $s['api_url'] ); ?>" placeholder="https://clearance.example.com" />
							<p class="description"><?php esc_html_e( 'Where your Clearance API answers (without /v1).', 'clearance' ); ?></p>
						</td>
					</tr>
					<tr>
						<th scope="row"><label for="clearance_dashboard_url"><?php esc_html_e( 'Dashboard URL', 'clearance' ); ?></label></th>
						<td>
							<input type="url" class="regular-text code" id="clearance_dashboard_url" name="<?php echo esc_attr( self::OPTION ); ?>[dashboard_url]" value="<?php echo esc_attr( isset( $stored['dashboard_url'] ) ? $stored['dashboard_url'] : '' ); ?>" placeholder="<?php echo esc_attr( $s['api_url'] ); ?>" />
							<p class="description"><?php esc_html_e( 'Where the Clearance dashboard is served, for the links from the media library. Empty: the API URL.', 'clearance' ); ?></p>
						</td>
					</tr>
					<tr>
						<th scope="row"><label for="clearance_site_id"><?php esc_html_e( 'Site id', 'clearance' ); ?></label></th>
						<td>
							<input type="text" class="regular-text code" id="clearance_site_id" name="<?php echo esc_attr( self::OPTION ); ?>[site_id]" value="<?php echo esc_attr( $s['site_id'] ); ?>" />
							<p class="description"><?php esc_html_e( 'The id of this site in Clearance (Sites > this site).', 'clearance' ); ?></p>
						</td>
					</tr>
					<tr>
						<th scope="row"><label for="clearance_secret"><?php esc_html_e( 'Signing secret', 'clearance' ); ?></label></th>
						<td>
							<input type="password" class="regular-text code" id="clearance_secret" name="<?php echo esc_attr( self::OPTION ); ?>[secret]" value="" autocomplete="off" placeholder="<?php echo esc_attr( '' !== $s['secret'] ? __( '(stored — leave empty to keep)', 'clearance' ) : 'whsec_…' ); ?>" />
							<p class="description"><?php esc_html_e( "The site's webhook secret (whsec_…). Every upload, change and deletion is sent to Clearance signed with it; Clearance refuses anything unsigned.", 'clearance' ); ?></p>
						</td>
					</tr>
					<tr>
						<th scope="row"><label for="clearance_api_token"><?php esc_html_e( 'API token', 'clearance' ); ?></label></th>
						<td>
							<input type="password" class="regular-text code" id="clearance_api_token" name="<?php echo esc_attr( self::OPTION ); ?>[api_token]" value="" autocomplete="off" placeholder="<?php echo esc_attr( '' !== $s['api_token'] ? __( '(stored — leave empty to keep)', 'clearance' ) : 'clr_…' ); ?>" />
							<p class="description"><?php esc_html_e( 'A Clearance API token limited to this site (npm run tokens -- create --name wordpress --site <site id>). The signing secret only lets this site send uploads; the token lets it read each image\'s coverage status and suggestion and save the licenses and proofs you log here. Without it, uploads are still sent.', 'clearance' ); ?></p>
						</td>
					</tr>
				</table>
				<?php submit_button(); ?>
			</form>
			<form method="post" action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>">
				<input type="hidden" name="action" value="clearance_test_connection" />
				<?php wp_nonce_field( 'clearance_test_connection' ); ?>
				<?php submit_button( __( 'Test connection', 'clearance' ), 'secondary', 'submit', false ); ?>
			</form>
			<h2><?php esc_html_e( 'Delivery queue', 'clearance' ); ?></h2>
			<p>
				<?php
				/* translators: 1: messages waiting, 2: messages given up on. */
				echo esc_html( sprintf( __( '%1$d waiting to be sent (retried by WP-Cron with increasing delays), %2$d given up.', 'clearance' ), $counts['pending'], $counts['failed'] ) );
				?>
			</p>
			<?php if ( $counts['pending'] + $counts['failed'] > 0 ) : ?>
				<form method="post" action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>">
					<input type="hidden" name="action" value="clearance_retry_outbox" />
					<?php wp_nonce_field( 'clearance_retry_outbox' ); ?>
					<?php submit_button( __( 'Send now', 'clearance' ), 'secondary', 'submit', false ); ?>
				</form>
			<?php endif; ?>
		</div>
		<?php
	}

	/**
	 * Checks each part of the set-up and says which one is wrong.
	 *
	 * @return array{ok: bool, lines: array<int, array{ok: bool, text: string}>}
	 */
	public static function test_connection() {
		$s     = self::all();
		$lines = array();
		$add   = static function ( $ok, $text ) use ( &$lines ) {
			$lines[] = array(
				'ok'   => (bool) $ok,
				'text' => $text,
			);
			return $ok;
		};
		if ( ! $add( '' !== $s['api_url'], __( 'Clearance API URL is set.', 'clearance' ) ) ) {
			return array(
				'ok'    => false,
				'lines' => $lines,
			);
		}
		$health = wp_remote_get( $s['api_url'] . '/health', array( 'timeout' => 5 ) );
		$add(
			! is_wp_error( $health ) && 200 === wp_remote_retrieve_response_code( $health ),
			is_wp_error( $health )
				/* translators: %s: error message. */
				? sprintf( __( 'Clearance does not answer: %s', 'clearance' ), $health->get_error_message() )
				: __( 'Clearance answers.', 'clearance' )
		);

		// The signature is checked before anything else in the event, so a deliberately empty
		// event tells a wrong secret (401) from a right one (400: the event itself is refused).
		if ( $add( '' !== $s['site_id'] && '' !== $s['secret'], __( 'Site id and signing secret are set.', 'clearance' ) ) ) {
			$probe = Clearance_Webhook_Sender::send( 'msg_' . wp_generate_uuid4(), '{"type":"clearance.connection-test"}', 'application/json', 5 );
			$code  = isset( $probe['status'] ) ? (int) $probe['status'] : 0;
			if ( 400 === $code ) {
				$add( true, __( 'Clearance accepts this site\'s signature.', 'clearance' ) );
			} elseif ( 404 === $code ) {
				$add( false, __( 'Clearance knows no site with this id.', 'clearance' ) );
			} elseif ( 401 === $code ) {
				/* translators: %s: detail from Clearance. */
				$add( false, sprintf( __( 'Clearance refuses the signature: %s', 'clearance' ), $probe['error'] ) );
			} else {
				/* translators: %s: error message. */
				$add( false, sprintf( __( 'The webhook could not be checked: %s', 'clearance' ), $probe['error'] ) );
			}
		}

		if ( '' === $s['api_token'] ) {
			$add( false, __( 'No API token: coverage statuses and license fields are unavailable (uploads are still sent).', 'clearance' ) );
		} else {
			$site = Clearance_Api_Client::request( 'GET', '/v1/sites/' . rawurlencode( $s['site_id'] ), null, array( 'timeout' => 5 ) );
			if ( is_wp_error( $site ) ) {
				/* translators: %s: error message. */
				$add( false, sprintf( __( 'The API token cannot read this site: %s', 'clearance' ), $site->get_error_message() ) );
			} else {
				$add( true, __( 'The API token reads this site.', 'clearance' ) );
				$home = wp_parse_url( home_url() );
				$base = isset( $site['baseUrl'] ) ? wp_parse_url( $site['baseUrl'] ) : array();
				$same = isset( $home['host'], $base['host'] ) && $home['host'] === $base['host'] && ( isset( $home['port'] ) ? $home['port'] : null ) === ( isset( $base['port'] ) ? $base['port'] : null );
				/* translators: 1: site URL in Clearance, 2: this site's URL. */
				$add( $same, sprintf( __( 'Site URL in Clearance: %1$s (this site: %2$s).', 'clearance' ), isset( $site['baseUrl'] ) ? $site['baseUrl'] : '?', home_url() ) );
			}
		}
		$ok = true;
		foreach ( $lines as $line ) {
			$ok = $ok && $line['ok'];
		}
		return array(
			'ok'    => $ok,
			'lines' => $lines,
		);
	}

	/**
	 * The "Test connection" button.
	 */
	public static function handle_test_connection() {
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to do that.', 'clearance' ), 403 );
		}
		check_admin_referer( 'clearance_test_connection' );
		set_transient( 'clearance_test_result_' . get_current_user_id(), self::test_connection(), 300 );
		wp_safe_redirect( admin_url( 'options-general.php?page=' . self::PAGE ) );
		exit;
	}

	/**
	 * The "Send now" button: every waiting or given-up message is tried again at once.
	 */
	public static function handle_retry_outbox() {
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to do that.', 'clearance' ), 403 );
		}
		check_admin_referer( 'clearance_retry_outbox' );
		Clearance_Outbox::retry_all_now();
		Clearance_Outbox::deliver_due();
		wp_safe_redirect( admin_url( 'options-general.php?page=' . self::PAGE ) );
		exit;
	}
}
