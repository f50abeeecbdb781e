package dev.cusp.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Reads what the report-service keeps of the singularity analysis: a model's parameter-space analysis and a job's
 * slice pictures. The model or job must exist here (404 otherwise); a 404 from the report-service becomes a 404 that
 * says what has not arrived yet, anything else a 502.
 */
@ApplicationScoped
public class SingularityProxy {
    private final ModelService models;
    private final JobService jobs;
    private final ReportServiceClient reports;

    SingularityProxy(ModelService models, JobService jobs, @RestClient ReportServiceClient reports) {
        this.models = models;
        this.jobs = jobs;
        this.reports = reports;
    }

    public JsonNode modelAnalysis(UUID modelId) {
        models.get(modelId);
        return call(() -> reports.modelAnalysis(modelId.toString()),
                "the analysis of model " + modelId + " has not arrived yet (singularity-service analyses a model"
                        + " after model.registered)");
    }

    public JsonNode slices(UUID jobId) {
        jobs.get(jobId);
        return call(() -> reports.slices(jobId), "no results of job " + jobId + " have reached the report service yet");
    }

    public byte[] slicePng(UUID jobId, int exampleIndex) {
        jobs.get(jobId);
        return call(() -> reports.slicePng(jobId, exampleIndex),
                "job " + jobId + " has no slice through example " + exampleIndex + " (yet)");
    }

    private static <T> T call(Supplier<T> request, String notFound) {
        try {
            return request.get();
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == Response.Status.NOT_FOUND.getStatusCode()) {
                throw new NotFoundException(notFound);
            }
            throw new WebApplicationException("the report service answered HTTP " + e.getResponse().getStatus(),
                    Response.Status.BAD_GATEWAY);
        } catch (ProcessingException e) {
            throw new WebApplicationException("the report service is unreachable: " + e.getMessage(),
                    Response.Status.BAD_GATEWAY);
        }
    }
}
