/** A fake of OVH's API (catalog, cart, checkout of dedicated servers) that checks request signatures. */
package ch.uncloud.testservers.ovh;
