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
    // an EnumSet keeps the notices in declaration order, so messages and banners read the same every run
    java.util.EnumSet<NoticeKind> copy = java.util.EnumSet.noneOf(NoticeKind.class);
    copy.addAll(notices);
    notices = java.util.Collections.unmodifiableSet(copy);
  }
}
