package org.wsgateway.policy;

import java.util.Map;

/**
 * The immutable, validated settings of one policy of one API, as read from the catalog file or the REST API. One
 * config is shared by every connection of its API; {@link #create} builds the runtime part.
 *
 * <p>An implementation MUST be a value (a record): equal settings give equal configs. Its {@link #settings()} MUST
 * give back every setting in its text form, so that parsing them again gives an equal config.
 */
public interface PolicyConfig {

    /** The policy's kebab-case name, e.g. {@code ip-filter}: its element name in the file. */
    String name();

    /** When it runs. */
    Concern concern();

    /** Every setting as text, in a stable order (for the file and the REST API). */
    Map<String, String> settings();

    /** The runtime policy for one API: may keep state in {@code state}, never in itself across APIs. */
    Policy create(PolicyState state);
}
