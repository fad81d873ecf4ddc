package com.callimport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.catalog.KnownConnectors;
import com.callimport.connector.Connector;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture's rules, checked: feature packages are modules with one-way dependencies, and the
 * engine's code never names a platform (its data, such as the platform catalogue, may).
 */
class ModularityTest {
    private static JavaClasses engine;

    @BeforeAll
    static void importEngine() {
        engine = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.callimport");
    }

    @Test
    void featurePackagesDependOnEachOtherWithoutCycles() {
        slices().matching("com.callimport.(*)..").should().beFreeOfCycles().check(engine);
    }

    @Test
    void nothingButTheWebLayerDependsOnTheWebLayer() {
        noClasses().that().resideOutsideOfPackage("com.callimport.web..")
                .should().dependOnClassesThat().resideInAPackage("com.callimport.web..")
                .check(engine);
    }

    @Test
    void onlyTheEmbeddedDefaultKnowsTheEmbeddedDatabase() {
        noClasses().that().resideOutsideOfPackage("com.callimport.embeddedpostgres..")
                .should().dependOnClassesThat().resideInAPackage("io.zonky..")
                .check(engine);
    }

    @Test
    void theEngineNamesNoConnectorClass() {
        noClasses().that().resideInAPackage("com.callimport..").and().resideOutsideOfPackage("com.callimport.connectors..")
                .should().dependOnClassesThat().resideInAPackage("com.callimport.connectors..")
                .check(engine);
    }

    @Test
    void theEngineNeverNamesAPlatform() throws IOException {
        List<Connector> connectors = new KnownConnectors().all();
        assertThat(connectors).as("connectors on the class path").isNotEmpty();
        java.util.Set<String> offences = new java.util.TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(source).toLowerCase(Locale.ROOT);
                for (Connector connector : connectors) {
                    for (String name : List.of(connector.platform().value(), connector.displayName().toLowerCase(Locale.ROOT))) {
                        if (Pattern.compile("\\b" + Pattern.quote(name) + "\\b").matcher(text).find()) {
                            offences.add(source + " names " + name);
                        }
                    }
                }
            }
        }
        assertThat(offences).as("platform names in engine code").isEmpty();
    }
}
