package com.callimport.web;

import com.callimport.capabilitymatrix.CapabilityMatrix;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The capability matrix for sales and for the onboarding wizard: every platform we know, supported or not. */
@RestController
@RequestMapping("/api/catalog")
class CatalogApi {
    private final CapabilityMatrix matrix;

    CatalogApi(CapabilityMatrix matrix) {
        this.matrix = matrix;
    }

    @GetMapping
    List<CapabilityMatrix.Row> rows() {
        return matrix.rows();
    }

    @GetMapping("/{platform}")
    CapabilityMatrix.Row row(@PathVariable String platform) {
        return matrix.row(platform);
    }

    @GetMapping(value = "/export.csv", produces = "text/csv")
    ResponseEntity<String> csv() {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv; charset=utf-8"))
                .header("Content-Disposition", "attachment; filename=\"capability-matrix.csv\"")
                .body(matrix.csv());
    }

    @GetMapping(value = "/matrix.md", produces = "text/markdown")
    ResponseEntity<String> markdown() {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/markdown; charset=utf-8")).body(matrix.markdown());
    }
}
