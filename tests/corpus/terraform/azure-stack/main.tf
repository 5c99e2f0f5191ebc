# Customer portal on Azure: storage, SQL, Key Vault, AKS and the web app.
provider "azurerm" {
  features {}
}

resource "azurerm_resource_group" "portal" {
  name     = "rg-portal-prod"
  location = "westeurope"
}

resource "azurerm_storage_account" "portal" {
  name                     = "acmeportalprod"
  resource_group_name      = azurerm_resource_group.portal.name
  location                 = azurerm_resource_group.portal.location
  account_tier             = "Standard"
  account_replication_type = "GRS"
  # techlead-expect: terraform-azure-storage-min-tls
  min_tls_version          = "TLS1_0"
  # techlead-expect: terraform-azure-storage-public-blob-access
  allow_nested_items_to_be_public = true
  # techlead-safe
  https_traffic_only_enabled      = true
  network_rules {
    # techlead-expect: terraform-azure-storage-network-default-allow
    default_action = "Allow"
  }
}

resource "azurerm_storage_container" "invoices" {
  name                  = "invoices"
  storage_account_name  = azurerm_storage_account.portal.name
  # techlead-safe
  container_access_type = "private"
}

resource "azurerm_storage_container" "brochures" {
  name                  = "brochures"
  storage_account_name  = azurerm_storage_account.portal.name
  # techlead-expect: terraform-azure-storage-container-public
  container_access_type = "blob"
}

resource "azurerm_mssql_server" "portal" {
  name                         = "acme-portal-sql"
  resource_group_name          = azurerm_resource_group.portal.name
  location                     = azurerm_resource_group.portal.location
  version                      = "12.0"
  administrator_login          = "portaladmin"
  # techlead-expect: terraform-azure-hardcoded-database-password
  administrator_login_password = "Portal#Admin2024"
  # techlead-safe
  minimum_tls_version          = "1.2"
}

resource "azurerm_mssql_firewall_rule" "everyone" {
  name             = "allow-all"
  server_id        = azurerm_mssql_server.portal.id
  start_ip_address = "0.0.0.0"
  # techlead-expect: terraform-azure-sql-firewall-allows-all
  end_ip_address   = "255.255.255.255"
}

resource "azurerm_mssql_firewall_rule" "azure_services" {
  name             = "azure-services"
  server_id        = azurerm_mssql_server.portal.id
  start_ip_address = "0.0.0.0"
  # techlead-safe
  end_ip_address   = "0.0.0.0"
}

resource "azurerm_key_vault" "portal" {
  name                     = "acme-portal-kv"
  resource_group_name      = azurerm_resource_group.portal.name
  location                 = azurerm_resource_group.portal.location
  tenant_id                = data.azurerm_client_config.current.tenant_id
  sku_name                 = "standard"
  # techlead-safe
  purge_protection_enabled = true
  network_acls {
    bypass         = "AzureServices"
    # techlead-safe
    default_action = "Deny"
  }
}

resource "azurerm_key_vault_secret" "stripe" {
  name            = "stripe-key"
  key_vault_id    = azurerm_key_vault.portal.id
  # techlead-expect: terraform-azure-key-vault-secret-hardcoded
  value           = "sk_live_51HxYzPortalKey"
  expiration_date = "2026-12-31T00:00:00Z"
}

resource "azurerm_network_security_group" "jump" {
  name                = "nsg-jump"
  location            = azurerm_resource_group.portal.location
  resource_group_name = azurerm_resource_group.portal.name

  # techlead-expect: terraform-azure-nsg-open-admin-port
  security_rule {
    name                       = "ssh"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefix      = "*"
    destination_address_prefix = "*"
  }

  # techlead-safe
  security_rule {
    name                       = "https"
    priority                   = 110
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "443"
    source_address_prefix      = "*"
    destination_address_prefix = "*"
  }
}

resource "azurerm_kubernetes_cluster" "portal" {
  name                = "aks-portal"
  location            = azurerm_resource_group.portal.location
  resource_group_name = azurerm_resource_group.portal.name
  dns_prefix          = "portal"
  # techlead-safe
  role_based_access_control_enabled = true
  # techlead-expect: terraform-azure-aks-local-accounts-enabled
  local_account_disabled            = false
  api_server_access_profile {
    # techlead-expect: terraform-azure-aks-api-server-open
    authorized_ip_ranges = ["0.0.0.0/0"]
  }
}

resource "azurerm_linux_web_app" "portal" {
  name                = "acme-portal"
  resource_group_name = azurerm_resource_group.portal.name
  location            = azurerm_resource_group.portal.location
  service_plan_id     = azurerm_service_plan.portal.id
  # techlead-safe
  https_only          = true
  site_config {
    # techlead-expect: terraform-azure-app-service-ftps-allowed
    ftps_state          = "AllAllowed"
    # techlead-safe
    minimum_tls_version = "1.2"
    cors {
      # techlead-expect: terraform-azure-app-service-cors-any-origin
      allowed_origins = ["*"]
    }
  }
}

resource "azurerm_container_registry" "portal" {
  name                = "acmeportalacr"
  resource_group_name = azurerm_resource_group.portal.name
  location            = azurerm_resource_group.portal.location
  sku                 = "Premium"
  # techlead-expect: terraform-azure-container-registry-admin-enabled
  admin_enabled       = true
}
