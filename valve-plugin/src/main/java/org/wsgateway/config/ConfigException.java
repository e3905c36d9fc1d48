package org.wsgateway.config;

import java.util.List;

/**
 * A configuration file that cannot be used. The message names the file and, for each problem, the API and the key,
 * so that a person can fix it without reading code.
 */
public class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(String file, List<String> problems) {
        super(file + ": " + (problems.size() == 1 ? problems.get(0)
                : problems.size() + " problems:\n  - " + String.join("\n  - ", problems)));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.problems = List.of(problem);
    }

    /** Each problem found, without the file name. */
    public List<String> problems() {
        return problems;
    }
}
