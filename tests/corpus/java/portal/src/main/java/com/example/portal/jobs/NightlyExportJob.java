package com.example.portal.jobs;

import java.io.File;
import java.io.FileWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.example.portal.jobs.export.CustomerRow;
import com.example.portal.jobs.export.ExportRepository;
import com.example.portal.jobs.export.SftpUploader;

/** Nightly CSV export of new customers for the CRM, pushed over SFTP. */
@Component
public class NightlyExportJob {

    private final ExportRepository exports;
    private final SftpUploader sftp;
    private final Path workDir;

    public NightlyExportJob(ExportRepository exports, SftpUploader sftp) {
        this.exports = exports;
        this.sftp = sftp;
        // techlead-safe
        this.workDir = Paths.get("/var/lib/portal/exports");
    }

    @Scheduled(cron = "0 30 2 * * *")
    public void exportCustomers() throws IOException {
        List<CustomerRow> rows = exports.newCustomers();
        // techlead-expect: java-temp-file-default-permissions
        File csv = File.createTempFile("customers-", ".csv");
        try (Writer w = new FileWriter(csv, StandardCharsets.UTF_8)) {
            for (CustomerRow row : rows) {
                w.write(row.toCsvLine());
                w.write('\n');
            }
        }
        sftp.upload(csv.toPath(), "incoming/customers.csv");
        Files.deleteIfExists(csv.toPath());
    }

    @Scheduled(cron = "0 45 2 * * *")
    public void exportOrders() throws IOException {
        // techlead-safe
        Path csv = Files.createTempFile(workDir, "orders-", ".csv");
        Files.write(csv, exports.orderLines(), StandardCharsets.UTF_8);
        sftp.upload(csv, "incoming/orders.csv");
        Files.deleteIfExists(csv);
    }

    @Scheduled(fixedDelay = 60_000)
    public void heartbeat() throws IOException {
        // techlead-expect: java-predictable-temp-file
        File marker = new File(System.getProperty("java.io.tmpdir"), "portal-export.heartbeat");
        Files.writeString(marker.toPath(), String.valueOf(System.currentTimeMillis()));
    }

    public boolean isRunning() {
        // techlead-safe
        return Files.exists(workDir.resolve("export.lock"));
    }
}
