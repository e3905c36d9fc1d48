package org.wsgateway.valve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"/chat/1/admin;x", "/chat/1;v=2/rooms", "/chat/1/..%3B/admin", "/chat/1/a%3bb"})
    void refusesPathParametersRawOrEncoded(String raw) {
        assertEquals("has a path parameter (;)", PathRules.problem(raw, "/admin"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/chat/1/x/../admin", "/chat/1/x/./admin", "/chat/1/.", "/chat/1/..",
        "/chat/1/x/%2e%2e/admin", "/chat/1/x/%2E/admin", "/chat/1/x/.%2e/admin", "/x/../chat/1/admin"})
    void refusesDotSegmentsRawOrEncoded(String raw) {
        assertEquals("has a dot segment (. or ..)", PathRules.problem(raw, "/admin"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/chat/1/a\\b", "/chat/1/a%5cb", "/chat/1/a%5Cb"})
    void refusesBackslashesRawOrEncoded(String raw) {
        assertEquals("has a backslash", PathRules.problem(raw, "/a/b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/chat/1/a%2fb", "/chat/1/a%2Fb", "/chat/1/%2F..%2Fadmin"})
    void refusesEncodedSlashes(String raw) {
        assertEquals("has an encoded slash (%2F)", PathRules.problem(raw, "/a/b"));
    }

    @ParameterizedTest
    @CsvSource({"/admin;x, has a path parameter (;)", "/a\\b, has a backslash", "/x/../admin, has a dot segment (. or ..)",
        "/.., has a dot segment (. or ..)"})
    void checksTheDecodedSuffixToo(String decoded, String problem) {
        assertEquals(problem, PathRules.problem("/chat/1/rewritten-by-another-valve", decoded));
    }

    @ParameterizedTest
    @CsvSource({"/chat/1, ''", "/chat/1/, /", "/chat/1/rooms/a.b, /rooms/a.b", "/chat/1/x..y/.hidden, /x..y/.hidden",
        "/chat/1/%61dmin, /admin", "/chat/1/caf%C3%A9, /café", "/chat/1/a%252eb, /a%2eb"})
    void passesPlainSegments(String raw, String decoded) {
        assertNull(PathRules.problem(raw, decoded));
    }
}
