package dev.cusp.report.rest;

import dev.cusp.core.event.ModelAnalysis;
import dev.cusp.report.service.SingularityQueries;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Reads the parameter-space analysis of a registered model. */
@Path("/api/models")
@Tag(name = "models", description = "Parameter-space analyses of registered models (model.analysis)")
public class ModelAnalysisResource {
    private final SingularityQueries queries;

    ModelAnalysisResource(SingularityQueries queries) {
        this.queries = queries;
    }

    @GET
    @Path("/{modelId}/analysis")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The model's per-layer table, curvature and labels")
    @APIResponse(responseCode = "404", description = "No analysis of this model has arrived")
    public ModelAnalysis analysis(@PathParam("modelId") String modelId) {
        return queries.modelAnalysis(modelId);
    }
}
