/** A stateful fake of Stripe's API that stripe-java talks to, with Stripe's test cards and signed webhooks. */
package ch.uncloud.testservers.stripe;
