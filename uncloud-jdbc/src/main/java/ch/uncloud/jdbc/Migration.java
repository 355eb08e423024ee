package ch.uncloud.jdbc;

import java.util.List;

/**
 * One step of the schema, applied once and recorded in {@code uncloud_schema_version}.
 *
 * @param version the schema version this step produces (1, 2, ...)
 * @param description what the step does
 * @param statements the DDL, run in order in one transaction
 */
record Migration(int version, String description, List<String> statements) {
}
