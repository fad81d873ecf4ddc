package com.callimport.connectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** A connector speaks to its vendor and nothing else: no database, no job library, no other platform's package. */
class ConnectorBoundariesTest {
    private final JavaClasses connectors = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.callimport.connectors");

    @Test
    void connectorsNeverTouchStorageOrTheJobLibrary() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                "java.sql..", "javax.sql..", "org.springframework.jdbc..", "org.springframework.data..", "org.jobrunr..",
                "io.github.bucket4j..")
                .check(connectors);
    }

    @Test
    void vendorNeutralPlumbingNamesNoPlatform() {
        classes().that().resideInAPackage("com.callimport.connectors.http..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("com.callimport.connectors.http..", "java..",
                        "org.springframework..", "org.apache.hc..", "inet.ipaddr..", "tools.jackson..", "com.callimport.connector..", "org.slf4j..",
                        "com.fasterxml.jackson.annotation..", "")
                .check(connectors);
    }
}
