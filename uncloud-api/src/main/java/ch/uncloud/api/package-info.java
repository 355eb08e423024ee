/**
 * What every part of uncloud shares: the {@link ch.uncloud.api.Uncloud} entry point, exact
 * {@link ch.uncloud.api.Money}, names and ids ({@link ch.uncloud.api.Username},
 * {@link ch.uncloud.api.ServiceName}, {@link ch.uncloud.api.IdempotencyKey}),
 * {@link ch.uncloud.api.Secret}s that never print, and the errors: one unchecked type per
 * {@link ch.uncloud.api.ErrorCategory}, each with a stable code from {@link ch.uncloud.api.ErrorCodes}.
 *
 * <p>This module has no dependencies. The engine behind these interfaces is {@code uncloud-core}.
 */
package ch.uncloud.api;
