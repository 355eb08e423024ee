/**
 * E-mail notices to the person over SMTP: {@link ch.uncloud.mail.MailNotices}, the event sink that
 * turns {@code balance.below_threshold}, {@code account.locked} and {@code bill.final} events into
 * plain-text messages written in the person's language from per-language templates, addressed from
 * the account directory; {@link ch.uncloud.mail.MailNoticesProvider} creates it from
 * {@code uncloud.mail.*} keys, {@link ch.uncloud.mail.MailNoticesBuilder} in code. See the module's
 * README for the keys, the templates and how to add a language.
 */
package ch.uncloud.mail;
