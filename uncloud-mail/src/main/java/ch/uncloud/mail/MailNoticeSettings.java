package ch.uncloud.mail;

import java.util.Set;

/**
 * The validated {@code uncloud.mail.*} settings.
 *
 * @param smtp where and how to send
 * @param addressAttribute the directory attribute with the person's address
 * @param languageAttribute the directory attribute with their preferred language
 * @param defaultLanguage the language for a person without one that has templates
 * @param templates every language's templates, loaded and checked
 * @param notices which notices are sent
 */
record MailNoticeSettings(SmtpSettings smtp, String addressAttribute, String languageAttribute,
    String defaultLanguage, NoticeTemplates templates, Set<NoticeKind> notices) {
  MailNoticeSettings {
    notices = Set.copyOf(notices);
  }
}
