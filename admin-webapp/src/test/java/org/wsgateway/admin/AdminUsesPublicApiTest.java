package org.wsgateway.admin;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

/**
 * The admin webapp uses the valve JAR through its public packages only: the catalog model and its value rules
 * ({@code org.wsgateway.api}) and the catalog's services ({@code org.wsgateway.catalog}), so the valve's inside can
 * change without breaking the WAR. Anything outside {@code org.wsgateway} (JDK, servlet, Jackson, Spring Security,
 * Dropwizard, Prometheus) is the admin's own business. See {@code valve-plugin/docs/ARCHITECTURE.md}.
 */
class AdminUsesPublicApiTest {

    private static final String ROOT = "org.wsgateway";

    /** The valve JAR's packages the admin may use (exactly these, not their sub-packages), besides its own. */
    private static final List<String> PUBLIC = List.of(ROOT + ".api", ROOT + ".catalog");

    private static final JavaClasses ADMIN = new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .importPackages(ROOT + ".admin");

    @Test
    void adminUsesOnlyTheApiAndCatalogPackagesOfTheValve() {
        classes().should(useOnlyPublicPackages()).check(ADMIN);
    }

    /**
     * One violation per valve class used outside {@link #PUBLIC}, at the first line that uses it:
     * {@code admin.rest -> config: admin.rest.Drafts uses config.GatewayConfigLoader (Drafts.java:30)}.
     */
    private static ArchCondition<JavaClass> useOnlyPublicPackages() {
        return new ArchCondition<>("use of the valve JAR only the packages " + PUBLIC) {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                Map<String, Dependency> used = new TreeMap<>();
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    JavaClass target = dependency.getTargetClass().getBaseComponentType();
                    if (isInternal(target.getPackageName())) {
                        used.merge(target.getName(), dependency, AdminUsesPublicApiTest::earlier);
                    }
                }
                used.values().forEach(dependency -> events.add(violation(origin, dependency)));
            }
        };
    }

    /** A package of the valve JAR that is not public: under {@code org.wsgateway}, not the admin's, not public. */
    private static boolean isInternal(String name) {
        return (name.equals(ROOT) || name.startsWith(ROOT + "."))
                && !(name.equals(ROOT + ".admin") || name.startsWith(ROOT + ".admin."))
                && !PUBLIC.contains(name);
    }

    private static SimpleConditionEvent violation(JavaClass origin, Dependency dependency) {
        JavaClass target = dependency.getTargetClass().getBaseComponentType();
        return new SimpleConditionEvent(origin, false, local(origin.getPackageName()) + " -> "
                + local(target.getPackageName()) + ": " + local(origin.getName()) + " uses " + local(target.getName())
                + " " + dependency.getSourceCodeLocation());
    }

    /** A package or class name without {@code org.wsgateway.}: {@code admin.rest}, {@code config.ConfigException}. */
    private static String local(String name) {
        return name.equals(ROOT) ? "" : name.substring(ROOT.length() + 1);
    }

    /** The dependency with the lower line number; a known line (a call, an access) before 0 (a signature, a field). */
    private static Dependency earlier(Dependency first, Dependency next) {
        int was = first.getSourceCodeLocation().getLineNumber();
        int is = next.getSourceCodeLocation().getLineNumber();
        return is > 0 && (was == 0 || is < was) ? next : first;
    }
}
