package com.example.shop.service;

import java.util.Map;

import javax.script.ScriptEngine;
import javax.script.ScriptEngineManager;
import javax.script.SimpleBindings;

import org.springframework.expression.Expression;
import org.springframework.expression.ExpressionParser;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.SimpleEvaluationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Pricing rules written by merchants, evaluated at checkout. */
@RestController
public class RulesService {
    private static final String DISCOUNT_RULE = "#total > 100 ? #total * 0.9 : #total";
    private static final Map<String, Class<? extends Runnable>> JOBS = Map.of("reindex", Reindex.class);

    private final ExpressionParser parser = new SpelExpressionParser();
    private final ScriptEngine js = new ScriptEngineManager().getEngineByName("javascript");

    @PostMapping("/rules/preview")
    public Object preview(@RequestBody String rule) {
        // techlead-expect: java-expression-language-injection
        Expression e = parser.parseExpression(rule);
        return e.getValue();
    }

    @GetMapping("/rules/discount")
    public Object discount(@RequestParam double total) {
        SimpleEvaluationContext ctx = SimpleEvaluationContext.forReadOnlyDataBinding().build();
        ctx.setVariable("total", total);
        // techlead-safe
        return parser.parseExpression(DISCOUNT_RULE).getValue(ctx);
    }

    @PostMapping("/rules/script")
    public Object script(@RequestParam String formula) throws Exception {
        // techlead-expect: java-script-engine-injection
        return js.eval("var price = 10; " + formula);
    }

    @PostMapping("/rules/script-safe")
    public Object scriptSafe(@RequestParam double price) throws Exception {
        SimpleBindings bindings = new SimpleBindings(Map.of("price", price));
        // techlead-safe
        return js.eval("price * 1.2", bindings);
    }

    @PostMapping("/jobs/run")
    public void run(@RequestParam String job) throws Exception {
        // techlead-expect: java-reflection-from-request
        Class<?> type = Class.forName("com.example.shop.jobs." + job);
        ((Runnable) type.getDeclaredConstructor().newInstance()).run();
    }

    @PostMapping("/jobs/run-safe")
    public void runSafe(@RequestParam String job) throws Exception {
        // techlead-safe
        Class<? extends Runnable> type = JOBS.getOrDefault(job, Reindex.class);
        type.getDeclaredConstructor().newInstance().run();
    }

    public static final class Reindex implements Runnable {
        @Override
        public void run() {
        }
    }
}
