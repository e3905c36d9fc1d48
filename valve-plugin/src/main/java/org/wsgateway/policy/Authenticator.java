package org.wsgateway.policy;

/**
 * An authenticate policy that can tell whether a handshake carries its kind of credential at all. When an API
 * declares several (API keys and JWTs, say), the one whose credential is present decides; with none present,
 * the first declared answers.
 */
public interface Authenticator extends Policy {

    /** Whether the handshake carries this policy's credential, valid or not. */
    boolean presentIn(UpgradeRequest upgrade);
}
