package org.wsgateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static java.util.stream.Collectors.joining;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
 * The layer rules of {@code docs/ARCHITECTURE.md}, checked on the compiled main classes: no package cycles, each
 * layer uses only its own layer and the layers below it, the policy families do not use each other, and every
 * package is in exactly one layer. A failure names each offending dependency as {@code from -> to: Class uses Class}.
 */
class ArchitectureTest {

    private static final String ROOT = "org.wsgateway";

    /** The policy families: one layer, whose packages use only the policy core and what is below it. */
    private static final List<String> POLICY_FAMILIES =
            List.of("policy.auth", "policy.restrict", "policy.limit", "policy.observe");

    /**
     * The layers, top to bottom, each a group of packages (named without {@code org.wsgateway.}). A package may use
     * its own layer and any layer below it, never one above.
     */
    private static final List<List<String>> LAYERS = List.of(
            List.of("valve"),
            List.of("relay", "relay.client", "relay.backend", "relay.frame"),
            List.of("accesslog", "metrics", "catalog", "cluster"),
            List.of("policy.registry"),
            POLICY_FAMILIES,
            List.of("policy"),
            List.of("store", "config"),
            List.of("api"));

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .withImportOption(location -> !location.contains("/org/wsgateway/shaded/"))
            .importPackages(ROOT);

    @Test
    void packagesHaveNoCycles() {
        slices().matching(ROOT + ".(**)").namingSlices("$1").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void eachLayerUsesOnlyItsOwnAndTheLayersBelowIt() {
        Map<String, Set<String>> above = new HashMap<>();
        Set<String> higher = new TreeSet<>();
        for (List<String> layer : LAYERS) {
            layer.forEach(name -> above.put(name, Set.copyOf(higher)));
            higher.addAll(layer);
        }
        String order = LAYERS.stream().map(layer -> String.join(", ", layer)).collect(joining(" > "));
        classes().should(useNoPackageOf(above, "use no package of a layer above their own (" + order + ")"))
                .check(MAIN);
    }

    @Test
    void policyFamiliesDoNotUseEachOther() {
        Map<String, Set<String>> others = new HashMap<>();
        for (String family : POLICY_FAMILIES) {
            Set<String> rest = new TreeSet<>(POLICY_FAMILIES);
            rest.remove(family);
            others.put(family, rest);
        }
        classes().should(useNoPackageOf(others, "of one policy family use no other family " + POLICY_FAMILIES))
                .check(MAIN);
    }

    @Test
    void everyPackageBelongsToExactlyOneLayer() {
        Set<String> packages = new TreeSet<>();
        MAIN.forEach(type -> packages.add(local(type.getPackageName())));
        assertFalse(packages.isEmpty(), "no main classes under " + ROOT + " were found");
        LAYERS.forEach(packages::addAll);
        List<String> problems = new ArrayList<>();
        for (String name : packages) {
            long layers = LAYERS.stream().filter(layer -> layer.contains(name)).count();
            if (layers != 1) {
                problems.add(ROOT + "." + name + " is in " + layers + " layers");
            }
        }
        assertEquals(List.of(), problems, "each package must be in exactly one layer of ArchitectureTest.LAYERS");
    }

    /**
     * Classes use no class of the packages that {@code banned} maps their own package to; one violation per class
     * used, at the first line that uses it.
     */
    private static ArchCondition<JavaClass> useNoPackageOf(Map<String, Set<String>> banned, String description) {
        return new ArchCondition<>(description) {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                Set<String> forbidden = banned.getOrDefault(local(origin.getPackageName()), Set.of());
                Map<String, Dependency> used = new TreeMap<>();
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    JavaClass target = dependency.getTargetClass().getBaseComponentType();
                    if (isOurs(target) && forbidden.contains(local(target.getPackageName()))) {
                        used.merge(target.getName(), dependency, ArchitectureTest::earlier);
                    }
                }
                used.values().forEach(dependency -> events.add(violation(origin, dependency)));
            }
        };
    }

    /** {@code policy -> policy.auth: policy.PolicyChain uses policy.auth.KeyAuthPolicy (PolicyChain.java:55)}. */
    private static SimpleConditionEvent violation(JavaClass origin, Dependency dependency) {
        JavaClass target = dependency.getTargetClass().getBaseComponentType();
        return new SimpleConditionEvent(origin, false, local(origin.getPackageName()) + " -> "
                + local(target.getPackageName()) + ": " + local(origin.getName()) + " uses " + local(target.getName())
                + " " + dependency.getSourceCodeLocation());
    }

    private static boolean isOurs(JavaClass type) {
        return type.getPackageName().equals(ROOT) || type.getPackageName().startsWith(ROOT + ".");
    }

    /** A package or class name without {@code org.wsgateway.}: {@code policy.auth}, {@code policy.auth.JwtPolicy}. */
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
