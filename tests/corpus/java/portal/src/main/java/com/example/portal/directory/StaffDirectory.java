package com.example.portal.directory;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;

/** Looks up support staff in the corporate directory for the back office. */
public class StaffDirectory {

    private static final String BASE = "ou=staff,dc=example,dc=com";
    private static final String[] ATTRIBUTES = {"cn", "mail", "telephoneNumber"};

    private final Hashtable<String, String> env;

    public StaffDirectory(String url, String bindDn, String bindPassword) {
        env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, url);
        env.put(Context.SECURITY_AUTHENTICATION, "simple");
        env.put(Context.SECURITY_PRINCIPAL, bindDn);
        env.put(Context.SECURITY_CREDENTIALS, bindPassword);
    }

    public List<String> supportAgents() throws NamingException {
        // techlead-safe
        SearchControls controls = new SearchControls(SearchControls.SUBTREE_SCOPE, 200, 5000, ATTRIBUTES, false, false);
        return names(controls, "(&(objectClass=person)(department=support))");
    }

    public List<String> teamLeads() throws NamingException {
        SearchControls controls = new SearchControls();
        controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
        controls.setReturningAttributes(ATTRIBUTES);
        // techlead-expect: java-ldap-returning-objects
        controls.setReturningObjFlag(true);
        return names(controls, "(&(objectClass=person)(title=Team Lead))");
    }

    private List<String> names(SearchControls controls, String filter) throws NamingException {
        DirContext ctx = new InitialDirContext(env);
        try {
            List<String> out = new ArrayList<>();
            NamingEnumeration<SearchResult> results = ctx.search(BASE, filter, controls);
            while (results.hasMore()) {
                Attributes attrs = results.next().getAttributes();
                out.add(String.valueOf(attrs.get("cn").get()));
            }
            return out;
        } finally {
            ctx.close();
        }
    }
}
