package com.example.portal.notify;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Map;

import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;

import org.apache.commons.text.StringSubstitutor;

import com.example.portal.notify.model.CampaignTemplate;
import com.example.portal.notify.model.CampaignTemplateRepository;

/**
 * Renders the transactional e-mails (fixed templates on the classpath) and
 * the marketing campaigns, whose bodies are edited by the marketing team in
 * the back office and stored in the database.
 */
public class EmailTemplateService {

    private static final String FOOTER = "<p>You receive this mail because you have an account at ${shopName}.</p>";
    // techlead-expect: java-commons-text-interpolation
    private static final StringSubstitutor SUBJECTS = StringSubstitutor.createInterpolator();

    private final Configuration freemarker;
    private final CampaignTemplateRepository campaigns;

    public EmailTemplateService(Configuration freemarker, CampaignTemplateRepository campaigns) {
        this.freemarker = freemarker;
        this.campaigns = campaigns;
    }

    public String orderShipped(Map<String, Object> model) throws IOException, TemplateException {
        // techlead-safe
        Template template = freemarker.getTemplate("mail/order-shipped.ftl");
        StringWriter out = new StringWriter();
        template.process(model, out);
        return out.toString();
    }

    public String footer(Map<String, Object> model) throws IOException, TemplateException {
        // techlead-safe
        Template template = new Template("footer", new StringReader(FOOTER), freemarker);
        StringWriter out = new StringWriter();
        template.process(model, out);
        return out.toString();
    }

    public String campaign(long campaignId, Map<String, Object> model) throws IOException, TemplateException {
        CampaignTemplate row = campaigns.findById(campaignId).orElseThrow();
        // techlead-expect: java-template-injection
        Template template = new Template("campaign-" + campaignId, new StringReader(row.getBody()), freemarker);
        StringWriter out = new StringWriter();
        template.process(model, out);
        return out.toString();
    }

    public String subject(CampaignTemplate row, String customerName) {
        // techlead-safe
        String greeting = new StringSubstitutor(Map.of("name", customerName)).replace("Hello ${name}");
        // techlead-expect: java-commons-text-interpolation
        StringSubstitutor perCampaign = StringSubstitutor.createInterpolator();
        perCampaign.setEnableSubstitutionInVariables(true);
        return greeting + " - " + perCampaign.replace(row.getSubject());
    }

    public String preheader(CampaignTemplate row) {
        return SUBJECTS.replace(row.getPreheader());
    }
}
