package dev.cusp.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cusp.gateway.rest.JobView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Fetches a job's report from the report-service; 404 with the job's progress while it is not ready. */
@ApplicationScoped
public class ReportProxy {
    private final JobService jobs;
    private final ReportServiceClient reports;

    ReportProxy(JobService jobs, @RestClient ReportServiceClient reports) {
        this.jobs = jobs;
        this.reports = reports;
    }

    /** The report-service's ReportView of the job, once its report is built. */
    public JsonNode report(UUID jobId) {
        JobView job = jobs.get(jobId);
        JsonNode view;
        try {
            view = reports.report(jobId);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == Response.Status.NOT_FOUND.getStatusCode()) {
                throw notReady(job, "no results have reached the report service yet");
            }
            throw new WebApplicationException("the report service answered HTTP " + e.getResponse().getStatus()
                    + " for job " + jobId, Response.Status.BAD_GATEWAY);
        } catch (ProcessingException e) {
            throw new WebApplicationException("the report service is unreachable: " + e.getMessage(),
                    Response.Status.BAD_GATEWAY);
        }
        if (view == null || !view.hasNonNull("report")) {
            throw notReady(job, "its report is not built yet");
        }
        return view;
    }

    private static NotFoundException notReady(JobView job, String why) {
        return new NotFoundException("the report of job " + job.id() + " is not ready: " + why + " (status "
                + job.status() + ", " + job.shardsDone() + "/" + job.shardsTotal() + " shards done)");
    }
}
