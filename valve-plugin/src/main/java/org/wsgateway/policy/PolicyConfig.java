package org.wsgateway.policy;

import java.util.Map;

/**
 * The immutable, validated settings of one policy of one API, as its {@link PolicyType} parsed them from the
 * catalog file or the REST API. One config is shared by every connection of its API; the type builds the runtime
 * part from it.
 *
 * <p>An implementation MUST be a value (a record): equal settings give equal configs. Its {@link #settings()} MUST
 * give back every setting in its text form, so that parsing them again gives an equal config.
 */
public interface PolicyConfig {

    /** Every setting as text, in a stable order (for the file and the REST API). */
    Map<String, String> settings();
}
