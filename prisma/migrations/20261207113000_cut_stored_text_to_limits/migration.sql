-- Text stored by older instances before the limits of packages/contracts/src/text-limits.ts
-- (rights values 65,536 characters, filename and title 1,000, uploaded-by 200, size names 100):
-- cut to the limit, with a note per cut in text_truncations as ingest records it
-- ({ field, keptLength, originalLength }, appended to the notes already there), so that every
-- stored row reads back within the response schema. left() and char_length() count characters
-- (code points), as JSON Schema's maxLength does, so a cut never splits one.

-- Generated size names first: their notes go on the asset, before its own columns are cut.
UPDATE "assets" AS a SET "text_truncations" =
  (CASE WHEN jsonb_typeof(a."text_truncations") = 'array' THEN a."text_truncations" ELSE '[]'::jsonb END) || cut.notes
FROM (
  SELECT "asset_id", jsonb_agg(jsonb_build_object('field', 'urls.sizeName', 'keptLength', 100, 'originalLength', char_length("size_name")) ORDER BY "id") AS notes
  FROM "asset_urls" WHERE char_length("size_name") > 100 GROUP BY "asset_id"
) AS cut
WHERE a."id" = cut."asset_id";

UPDATE "asset_urls" SET "size_name" = left("size_name", 100) WHERE char_length("size_name") > 100;

UPDATE "assets" SET
  "text_truncations" =
    (CASE WHEN jsonb_typeof("text_truncations") = 'array' THEN "text_truncations" ELSE '[]'::jsonb END) || (
      SELECT jsonb_agg(jsonb_build_object('field', f.field, 'keptLength', f.max, 'originalLength', char_length(f.value)) ORDER BY f.n)
      FROM (VALUES
      ('rights.creator', "creator", 65536, 1),
      ('rights.credit', "credit", 65536, 2),
      ('rights.copyrightNotice', "copyright_notice", 65536, 3),
      ('rights.source', "source", 65536, 4),
      ('rights.webStatement', "web_statement", 65536, 5),
      ('rights.usageTerms', "usage_terms", 65536, 6),
      ('rights.licensorName', "licensor_name", 65536, 7),
      ('rights.licensorUrl', "licensor_url", 65536, 8),
      ('rights.licensorEmail', "licensor_email", 65536, 9),
      ('rights.copyrightOwner', "copyright_owner", 65536, 10),
      ('rights.imageSupplier', "image_supplier", 65536, 11),
      ('rights.imageSupplierImageId', "image_supplier_image_id", 65536, 12),
      ('rights.plusLicenseId', "plus_license_id", 65536, 13),
      ('rights.plusLicenseStart', "plus_license_start", 65536, 14),
      ('rights.plusLicenseEnd', "plus_license_end", 65536, 15),
      ('rights.digitalSourceType', "digital_source_type", 65536, 16),
      ('rights.captureDate', "capture_date", 65536, 17),
      ('rights.cameraMake', "camera_make", 65536, 18),
      ('rights.cameraModel', "camera_model", 65536, 19),
      ('filename', "filename", 1000, 20),
      ('title', "title", 1000, 21),
      ('uploadedBy', "uploaded_by", 200, 22)
      ) AS f(field, value, max, n)
      WHERE char_length(f.value) > f.max
    ),
  "creator" = left("creator", 65536),
  "credit" = left("credit", 65536),
  "copyright_notice" = left("copyright_notice", 65536),
  "source" = left("source", 65536),
  "web_statement" = left("web_statement", 65536),
  "usage_terms" = left("usage_terms", 65536),
  "licensor_name" = left("licensor_name", 65536),
  "licensor_url" = left("licensor_url", 65536),
  "licensor_email" = left("licensor_email", 65536),
  "copyright_owner" = left("copyright_owner", 65536),
  "image_supplier" = left("image_supplier", 65536),
  "image_supplier_image_id" = left("image_supplier_image_id", 65536),
  "plus_license_id" = left("plus_license_id", 65536),
  "plus_license_start" = left("plus_license_start", 65536),
  "plus_license_end" = left("plus_license_end", 65536),
  "digital_source_type" = left("digital_source_type", 65536),
  "capture_date" = left("capture_date", 65536),
  "camera_make" = left("camera_make", 65536),
  "camera_model" = left("camera_model", 65536),
  "filename" = left("filename", 1000),
  "title" = left("title", 1000),
  "uploaded_by" = left("uploaded_by", 200)
WHERE char_length("creator") > 65536
   OR char_length("credit") > 65536
   OR char_length("copyright_notice") > 65536
   OR char_length("source") > 65536
   OR char_length("web_statement") > 65536
   OR char_length("usage_terms") > 65536
   OR char_length("licensor_name") > 65536
   OR char_length("licensor_url") > 65536
   OR char_length("licensor_email") > 65536
   OR char_length("copyright_owner") > 65536
   OR char_length("image_supplier") > 65536
   OR char_length("image_supplier_image_id") > 65536
   OR char_length("plus_license_id") > 65536
   OR char_length("plus_license_start") > 65536
   OR char_length("plus_license_end") > 65536
   OR char_length("digital_source_type") > 65536
   OR char_length("capture_date") > 65536
   OR char_length("camera_make") > 65536
   OR char_length("camera_model") > 65536
   OR char_length("filename") > 1000
   OR char_length("title") > 1000
   OR char_length("uploaded_by") > 200;
