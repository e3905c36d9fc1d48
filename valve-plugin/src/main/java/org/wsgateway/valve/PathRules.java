package org.wsgateway.valve;

import java.util.Locale;

/**
 * What the path of a request for an API may not hold, because servers behind the gateway could read it as another
 * path than the gateway did: path parameters ({@code ;}), dot segments ({@code .} and {@code ..}), backslashes and
 * encoded slashes, written as they are or percent-encoded ({@code %3B}, {@code %2E}, {@code %5C}, {@code %2F}).
 * Both the raw request URI (before Tomcat removes path parameters and dot segments) and the decoded suffix (after
 * Tomcat decoded it) are checked, so what passes means one path only, and that path is what the policies match and
 * the backend gets.
 */
final class PathRules {

    private PathRules() {
    }

    /**
     * Why a path is refused, as the end of a sentence starting "the path", or {@code null} if it passes.
     *
     * @param rawUri        the request URI as the client sent it (without the query), or {@code null}
     * @param decodedSuffix the decoded path after {@code <context>/<version>}
     */
    static String problem(String rawUri, String decodedSuffix) {
        String raw = problem(rawUri, true);
        return raw != null ? raw : problem(decodedSuffix, false);
    }

    private static String problem(String path, boolean encoded) {
        if (path == null) {
            return null;
        }
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.indexOf(';') >= 0 || encoded && lower.contains("%3b")) {
            return "has a path parameter (;)";
        }
        if (lower.indexOf('\\') >= 0 || encoded && lower.contains("%5c")) {
            return "has a backslash";
        }
        if (encoded && lower.contains("%2f")) {
            return "has an encoded slash (%2F)";
        }
        for (String segment : lower.split("/", -1)) {
            String plain = encoded ? segment.replace("%2e", ".") : segment;
            if (plain.equals(".") || plain.equals("..")) {
                return "has a dot segment (. or ..)";
            }
        }
        return null;
    }
}
