# Analytics project on Google Cloud: GKE, Cloud SQL, buckets and IAM.
provider "google" {
  project = var.project_id
  region  = "europe-west1"
}

variable "project_id" {
  type = string
}

resource "google_storage_bucket" "exports" {
  name                        = "${var.project_id}-exports"
  location                    = "EU"
  # techlead-safe
  uniform_bucket_level_access = true
  # techlead-safe
  public_access_prevention    = "enforced"
  versioning {
    # techlead-expect: terraform-gcp-storage-versioning-disabled
    enabled = false
  }
}

resource "google_storage_bucket_iam_member" "public_reports" {
  bucket = google_storage_bucket.exports.name
  role   = "roles/storage.objectViewer"
  # techlead-expect: terraform-gcp-iam-public-member
  member = "allUsers"
}

resource "google_storage_bucket_iam_member" "analysts" {
  bucket = google_storage_bucket.exports.name
  role   = "roles/storage.objectViewer"
  # techlead-safe
  member = "group:analysts@example.com"
}

resource "google_sql_database_instance" "warehouse" {
  name             = "warehouse"
  database_version = "POSTGRES_15"
  # techlead-expect: terraform-gcp-sql-deletion-protection-disabled
  deletion_protection = false
  settings {
    tier = "db-custom-2-7680"
    ip_configuration {
      # techlead-expect: terraform-gcp-sql-public-ip
      ipv4_enabled = true
      # techlead-expect: terraform-gcp-sql-ssl-not-required
      ssl_mode     = "ALLOW_UNENCRYPTED_AND_ENCRYPTED"
      authorized_networks {
        name  = "everyone"
        # techlead-expect: terraform-gcp-sql-authorized-network-any
        value = "0.0.0.0/0"
      }
      authorized_networks {
        name  = "office"
        # techlead-safe
        value = "203.0.113.0/24"
      }
    }
    backup_configuration {
      # techlead-safe
      enabled                        = true
      point_in_time_recovery_enabled = true
    }
  }
}

resource "google_sql_user" "etl" {
  name     = "etl"
  instance = google_sql_database_instance.warehouse.name
  # techlead-safe
  password = random_password.etl.result
}

resource "google_compute_firewall" "ssh" {
  name    = "allow-ssh-iap"
  network = google_compute_network.main.name
  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
  # techlead-safe
  source_ranges = ["35.235.240.0/20"]
}

# techlead-expect: terraform-gcp-firewall-open-admin-port
resource "google_compute_firewall" "rdp" {
  name    = "allow-rdp"
  network = google_compute_network.main.name
  allow {
    protocol = "tcp"
    ports    = ["3389"]
  }
  source_ranges = ["0.0.0.0/0"]
}

resource "google_compute_instance" "jumpbox" {
  name         = "jumpbox"
  machine_type = "e2-small"
  zone         = "europe-west1-b"
  # techlead-expect: terraform-gcp-compute-ip-forwarding
  can_ip_forward = true
  metadata = {
    # techlead-expect: terraform-gcp-compute-serial-port-enabled
    serial-port-enable = "true"
    # techlead-safe
    enable-oslogin     = "TRUE"
  }
  network_interface {
    network = google_compute_network.main.name
    # techlead-expect: terraform-gcp-compute-instance-public-ip
    access_config {}
  }
  service_account {
    # techlead-expect: terraform-gcp-compute-default-service-account
    email  = "123456789012-compute@developer.gserviceaccount.com"
    scopes = ["cloud-platform"]
  }
}

resource "google_container_cluster" "analytics" {
  name     = "analytics"
  location = "europe-west1"
  # techlead-expect: terraform-gcp-gke-legacy-abac
  enable_legacy_abac = true
  master_authorized_networks_config {
    cidr_blocks {
      # techlead-expect: terraform-gcp-gke-master-authorized-networks-any
      cidr_block = "0.0.0.0/0"
    }
  }
  private_cluster_config {
    # techlead-safe
    enable_private_nodes = true
  }
  network_policy {
    # techlead-safe
    enabled = true
  }
}

resource "google_project_iam_member" "ci_owner" {
  project = var.project_id
  # techlead-expect: terraform-gcp-iam-primitive-role
  role    = "roles/owner"
  member  = "serviceAccount:ci@${var.project_id}.iam.gserviceaccount.com"
}

resource "google_project_iam_member" "ci_deployer" {
  project = var.project_id
  # techlead-safe
  role    = "roles/run.developer"
  member  = "serviceAccount:ci@${var.project_id}.iam.gserviceaccount.com"
}

# techlead-expect: terraform-gcp-service-account-key
resource "google_service_account_key" "ci" {
  service_account_id = google_service_account.ci.name
}

resource "google_kms_crypto_key" "warehouse" {
  name            = "warehouse"
  key_ring        = google_kms_key_ring.main.id
  # techlead-safe
  rotation_period = "7776000s"
}
