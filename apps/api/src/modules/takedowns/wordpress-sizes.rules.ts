/**
 * The file sizes WordPress (5.3 and later, 6.x) generates for an uploaded image, computed the way
 * WordPress computes them, so that a takedown can check copies nobody recorded.
 *
 * Ported from wp-includes/media.php: `image_resize_dimensions()`, `wp_constrain_dimensions()`,
 * `wp_fuzzy_number_match()`, and wp-admin/includes/image.php: `wp_create_image_subsizes()`
 * (the `big_image_size_threshold` that makes `-scaled`).
 */

export type ImageSize = { name: string; width: number; height: number; crop: boolean };

/** The sizes a stock install registers (Settings > Media defaults plus the two added in 5.3). */
export const defaultImageSizes: readonly ImageSize[] = [
  { name: 'thumbnail', width: 150, height: 150, crop: true },
  { name: 'medium', width: 300, height: 300, crop: false },
  { name: 'medium_large', width: 768, height: 0, crop: false },
  { name: 'large', width: 1024, height: 1024, crop: false },
  { name: '1536x1536', width: 1536, height: 1536, crop: false },
  { name: '2048x2048', width: 2048, height: 2048, crop: false },
];

/** `big_image_size_threshold`: larger images get a `-scaled` copy that becomes the main file. */
export const bigImageThreshold = 2560;

/**
 * PHP's `round()` (before 8.4) first rounds to 15 significant digits ("pre-rounding"), so a
 * product like 1365.4999999999998 rounds up there and down in plain `Math.round`.
 */
function phpRound(value: number): number {
  return Math.round(Number(value.toPrecision(15)));
}

/** `wp_constrain_dimensions()`: fit inside the box keeping the aspect ratio (0 = unbounded). */
export function constrainDimensions(width: number, height: number, maxWidth: number, maxHeight: number): [number, number] {
  if (!maxWidth && !maxHeight) return [width, height];
  let widthRatio = 1;
  let heightRatio = 1;
  let didWidth = false;
  let didHeight = false;
  if (maxWidth > 0 && width > maxWidth) {
    widthRatio = maxWidth / width;
    didWidth = true;
  }
  if (maxHeight > 0 && height > maxHeight) {
    heightRatio = maxHeight / height;
    didHeight = true;
  }
  const smaller = Math.min(widthRatio, heightRatio);
  const larger = Math.max(widthRatio, heightRatio);
  // The larger ratio gives a snugger fit unless it overflows the box (always, when a side is unbounded).
  const ratio = phpRound(width * larger) > maxWidth || phpRound(height * larger) > maxHeight ? smaller : larger;
  let w = Math.max(1, phpRound(width * ratio));
  let h = Math.max(1, phpRound(height * ratio));
  // WordPress bumps a result one pixel short of the box up to the box.
  if (didWidth && w === maxWidth - 1) w = maxWidth;
  if (didHeight && h === maxHeight - 1) h = maxHeight;
  return [w, h];
}

/** `image_resize_dimensions()`: the size of the generated file, or null when WordPress makes none. */
export function resizeDimensions(width: number, height: number, size: Pick<ImageSize, 'width' | 'height' | 'crop'>): [number, number] | null {
  const { width: destW, height: destH, crop } = size;
  if (width <= 0 || height <= 0 || (destW <= 0 && destH <= 0)) return null;
  // No size larger than the original is made.
  if (!destH) {
    if (width < destW) return null;
  } else if (!destW) {
    if (height < destH) return null;
  } else if (width < destW && height < destH) {
    return null;
  }
  let newW: number;
  let newH: number;
  if (crop) {
    const aspect = width / height;
    newW = Math.min(destW, width);
    newH = Math.min(destH, height);
    if (!newW) newW = phpRound(newH * aspect);
    if (!newH) newH = phpRound(newW / aspect);
  } else {
    [newW, newH] = constrainDimensions(width, height, destW, destH);
  }
  // Virtually the same size as the original (wp_fuzzy_number_match, precision 1): not made.
  if (Math.abs(newW - width) <= 1 && Math.abs(newH - height) <= 1) return null;
  return [newW, newH];
}

/**
 * Whether WordPress makes a `-scaled` copy: when a side exceeds the threshold, except for PNG
 * (WordPress skips PNGs, whose scaled copy can be larger than the original: core ticket #48736).
 */
export function makesScaledCopy(width: number, height: number, mimeType: string): boolean {
  return mimeType !== 'image/png' && (width > bigImageThreshold || height > bigImageThreshold);
}

/** Every default size WordPress makes from an original of this size, largest box last. */
export function generatedSizes(width: number, height: number): { name: string; width: number; height: number }[] {
  return defaultImageSizes.flatMap((size) => {
    const dims = resizeDimensions(width, height, size);
    return dims ? [{ name: size.name, width: dims[0], height: dims[1] }] : [];
  });
}
