<?php
// Regenerates wordpress-sizes.oracle.json from WordPress itself (Debian package `wordpress`, /usr/share/wordpress):
//   php wordpress-sizes.oracle.php < dims.json  (dims.json: [[width, height], ...]), then reshape as in the JSON file.
define('ABSPATH', '/usr/share/wordpress/');
define('WPINC', 'wp-includes');
require ABSPATH . WPINC . '/load.php';
require ABSPATH . WPINC . '/plugin.php';
require ABSPATH . WPINC . '/functions.php';
require ABSPATH . WPINC . '/shortcodes.php';
require ABSPATH . WPINC . '/media.php';
$sizes = [
  'thumbnail' => [150,150,true], 'medium' => [300,300,false], 'medium_large' => [768,0,false],
  'large' => [1024,1024,false], '1536x1536' => [1536,1536,false], '2048x2048' => [2048,2048,false],
];
$dims = json_decode(file_get_contents('php://stdin'), true);
$out = [];
foreach ($dims as [$w, $h]) {
  $row = ['width' => $w, 'height' => $h, 'sizes' => [], 'scaled' => null];
  foreach ($sizes as $name => [$sw, $sh, $crop]) {
    $r = image_resize_dimensions($w, $h, $sw, $sh, $crop);
    if ($r) $row['sizes'][] = ['name' => $name, 'width' => $r[4], 'height' => $r[5]];
  }
  // wp_create_image_subsizes: big_image_size_threshold 2560, resize( threshold, threshold ) -> image_resize_dimensions without crop.
  if ($w > 2560 || $h > 2560) { $r = image_resize_dimensions($w, $h, 2560, 2560, false); $row['scaled'] = $r ? [$r[4], $r[5]] : null; }
  $out[] = $row;
}
echo json_encode($out);
