package ch.uncloud.core.internal;

import ch.uncloud.api.ErrorCodes;
import ch.uncloud.api.InvalidRequestException;

/** The reference of a bank transfer that pays an invoice, as it goes into the booking text and the bill's note. */
final class TransferReference {
  /** How the note of a bill marked paid by a transfer starts. */
  private static final String PAID_NOTE = "paid by bank transfer, reference ";
  private static final String MARKED_BY = ", marked by ";
  static final int MAX_LENGTH = 200;

  private TransferReference() {}

  /**
   * @param reference the reference as sent
   * @return the reference without surrounding blanks
   * @throws InvalidRequestException ({@code invalid_argument}) if it is missing, too long or holds a control character
   */
  static String check(String reference) {
    if (reference == null || reference.isBlank()) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "the bank transfer's reference is missing; "
          + "give the reference printed on the transfer");
    }
    String stripped = reference.strip();
    if (stripped.length() > MAX_LENGTH) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "the reference has " + stripped.length()
          + " characters; at most " + MAX_LENGTH + " are allowed");
    }
    if (stripped.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidRequestException(ErrorCodes.INVALID_ARGUMENT, "the reference contains a control character");
    }
    return stripped;
  }

  /**
   * @param reference the checked reference
   * @param admin who marked the bill paid
   * @return the note of a bill marked paid by that transfer
   */
  static String paidNote(String reference, String admin) {
    return PAID_NOTE + reference + MARKED_BY + admin;
  }

  /**
   * @param note a bill's note
   * @return whether it is the note of a bill marked paid by a transfer
   */
  static boolean isPaidNote(String note) {
    return note.startsWith(PAID_NOTE) && note.contains(MARKED_BY);
  }

  /**
   * @param paidNote a note for which {@link #isPaidNote} holds
   * @return the reference the bill was marked paid with
   */
  static String referenceIn(String paidNote) {
    return paidNote.substring(PAID_NOTE.length(), paidNote.lastIndexOf(MARKED_BY));
  }
}
