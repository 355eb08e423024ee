package ch.uncloud.ovh;

import ch.uncloud.api.Secret;

/**
 * OVH's answer to a consumer-key request. Store the consumer key (it is a secret) and send the
 * account owner to the validation URL; the key works once they have logged in there.
 *
 * @param validationUrl where the account owner validates the key
 * @param consumerKey the new consumer key
 * @param state OVH's state, usually {@code pendingValidation}
 */
public record OvhCredentialRequest(String validationUrl, Secret consumerKey, String state) {
}
