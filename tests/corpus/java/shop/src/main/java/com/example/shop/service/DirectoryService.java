package com.example.shop.service;

import java.util.Hashtable;

import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;

/** Staff lookups against the corporate LDAP directory. */
public class DirectoryService {
    private static final String BASE = "ou=staff,dc=example,dc=com";

    private DirContext connect(boolean anonymous) throws NamingException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, "ldaps://ldap.example.com:636");
        if (anonymous) {
            // techlead-expect: java-ldap-anonymous-bind
            env.put(Context.SECURITY_AUTHENTICATION, "none");
        } else {
            // techlead-safe
            env.put(Context.SECURITY_AUTHENTICATION, "simple");
            env.put(Context.SECURITY_PRINCIPAL, System.getenv("LDAP_BIND_DN"));
            env.put(Context.SECURITY_CREDENTIALS, System.getenv("LDAP_BIND_PASSWORD"));
        }
        return new InitialDirContext(env);
    }

    public boolean isStaff(String user) throws NamingException {
        SearchControls controls = new SearchControls();
        controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
        // techlead-expect: java-ldap-injection
        NamingEnumeration<SearchResult> found = connect(true).search(BASE, "(&(objectClass=person)(uid=" + user + "))", controls);
        return found.hasMore();
    }

    public boolean isStaffSafe(String user) throws NamingException {
        SearchControls controls = new SearchControls();
        // techlead-safe
        NamingEnumeration<SearchResult> found = connect(false).search(BASE, "(&(objectClass=person)(uid={0}))", new Object[] {user}, controls);
        return found.hasMore();
    }

    public NamingEnumeration<SearchResult> byMail(String mail) throws NamingException {
        // techlead-expect: java-ldap-injection
        return connect(false).search(BASE, String.format("(mail=%s)", mail), new SearchControls());
    }

    public Object resource(String name) throws NamingException {
        // techlead-expect: java-jndi-lookup-injection
        return connect(false).lookup(name);
    }
}
