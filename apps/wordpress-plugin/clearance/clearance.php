<?php
/**
 * Plugin Name:       Clearance
 * Plugin URI:        https://github.com/clearance-app/clearance
 * Description:       Sends every uploaded image to your Clearance instance (signed webhooks, queued and retried when Clearance is down), shows each image's license coverage in the media library and lets you log its license, proof included, where you upload it.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      7.4
 * Author:            Clearance contributors
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       clearance
 *
 * @package Clearance
 */

/*
 * This program is free software; you can redistribute it and/or modify it under the terms of the
 * GNU General Public License as published by the Free Software Foundation; either version 2 of
 * the License, or (at your option) any later version.
 */

defined( 'ABSPATH' ) || exit;

define( 'CLEARANCE_VERSION', '0.1.0' );
define( 'CLEARANCE_PLUGIN_FILE', __FILE__ );

require_once __DIR__ . '/includes/class-clearance-settings.php';
require_once __DIR__ . '/includes/class-clearance-api-client.php';
require_once __DIR__ . '/includes/class-clearance-attachment-payload.php';
require_once __DIR__ . '/includes/class-clearance-webhook-sender.php';
require_once __DIR__ . '/includes/class-clearance-outbox.php';
require_once __DIR__ . '/includes/class-clearance-media-events.php';
require_once __DIR__ . '/includes/class-clearance-asset-status.php';
require_once __DIR__ . '/includes/class-clearance-license.php';
require_once __DIR__ . '/includes/class-clearance-license-fields.php';
require_once __DIR__ . '/includes/class-clearance-media-library.php';
require_once __DIR__ . '/includes/class-clearance-bulk-license.php';
require_once __DIR__ . '/includes/class-clearance-rest-field.php';

register_activation_hook( __FILE__, array( 'Clearance_Outbox', 'activate' ) );
register_deactivation_hook( __FILE__, array( 'Clearance_Outbox', 'deactivate' ) );

Clearance_Settings::init();
Clearance_Outbox::init();
Clearance_Media_Events::init();
Clearance_License_Fields::init();
Clearance_Media_Library::init();
Clearance_Bulk_License::init();
Clearance_Rest_Field::init();
