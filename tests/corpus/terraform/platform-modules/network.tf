# Shared platform network and data stores, written the way modules grow:
# dynamic blocks, variables, locals, heredoc policies and module calls.
locals {
  admin_ports = [22, 3389]
  office_cidrs = ["198.51.100.0/24"]
  tags = {
    team = "platform"
  }
}

variable "allowed_cidrs" {
  type    = list(string)
  default = ["10.0.0.0/8"]
}

resource "aws_security_group" "platform" {
  name   = "platform"
  vpc_id = var.vpc_id

  dynamic "ingress" {
    for_each = local.admin_ports
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      # techlead-safe
      cidr_blocks = var.allowed_cidrs
    }
  }

  ingress {
    # techlead-expect: terraform-aws-security-group-open-admin-port
    from_port        = 3389
    to_port          = 3389
    protocol         = "tcp"
    ipv6_cidr_blocks = ["::/0"]
  }
}

resource "aws_vpc_security_group_ingress_rule" "ssh" {
  # techlead-expect: terraform-aws-security-group-open-admin-port
  security_group_id = aws_security_group.platform.id
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 22
  to_port           = 22
  ip_protocol       = "tcp"
}

resource "aws_vpc_security_group_ingress_rule" "https" {
  security_group_id = aws_security_group.platform.id
  # techlead-safe
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 443
  to_port           = 443
  ip_protocol       = "tcp"
}

resource "aws_db_instance" "billing" {
  identifier          = "billing"
  engine              = "mysql"
  instance_class      = "db.r6g.large"
  # techlead-expect: terraform-aws-db-publicly-accessible
  publicly_accessible = "true"
  # techlead-safe
  storage_encrypted   = var.encrypt_storage
  # techlead-safe
  password            = random_password.billing.result
}

resource "aws_iam_policy" "legacy_admin" {
  name = "legacy-admin"
  # techlead-expect: terraform-aws-iam-wildcard-policy
  policy = <<-POLICY
    {
      "Version": "2012-10-17",
      "Statement": [
        { "Effect": "Allow", "Action": "*", "Resource": "*" }
      ]
    }
  POLICY
}

resource "aws_iam_policy" "read_reports" {
  name = "read-reports"
  # techlead-safe
  policy = <<-POLICY
    {
      "Version": "2012-10-17",
      "Statement": [
        { "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::reports/*" }
      ]
    }
  POLICY
}

module "analytics_db" {
  source  = "terraform-aws-modules/rds/aws"
  version = "6.9.0"
  identifier = "analytics"
  # techlead-expect: terraform-aws-db-publicly-accessible
  publicly_accessible = true
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-platform-logs"
  tags   = local.tags
  versioning {
    # techlead-expect: terraform-aws-s3-inline-versioning-disabled
    enabled = false
  }
}

resource "aws_ebs_volume" "scratch" {
  availability_zone = "eu-west-1a"
  size              = 500
  # techlead-safe
  encrypted         = true
}

# techlead-expect: terraform-aws-ebs-volume-unencrypted
resource "aws_ebs_volume" "cache" {
  availability_zone = "eu-west-1b"
  size              = 200
  tags              = local.tags
}

resource "google_storage_bucket_iam_binding" "public_site" {
  bucket  = google_storage_bucket.site.name
  role    = "roles/storage.objectViewer"
  # techlead-expect: terraform-gcp-iam-public-member
  members = [
    "group:web@example.com",
    "allUsers",
  ]
}

resource "azurerm_storage_account" "archive" {
  name                     = "acmearchive"
  resource_group_name      = var.rg
  location                 = var.location
  account_tier             = "Standard"
  account_replication_type = "LRS"
  # techlead-safe
  min_tls_version          = "TLS1_2"
  # techlead-safe
  allow_nested_items_to_be_public = false
}

data "aws_iam_policy_document" "public_read" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.logs.arn}/*"]
    principals {
      # techlead-known-miss: terraform-aws-s3-bucket-policy-public-principal a `principals` block of a policy document, not a jsonencode Principal
      type        = "*"
      identifiers = ["*"]
    }
  }
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  # techlead-safe
  policy = data.aws_iam_policy_document.public_read.json
}

resource "aws_elasticache_cluster" "sessions" {
  cluster_id      = "sessions"
  engine          = "redis"
  node_type       = "cache.t4g.micro"
  num_cache_nodes = 1
  # techlead-known-miss: terraform-aws-elasticache-transit-encryption-disabled single-node aws_elasticache_cluster (not a replication group) has no rule
  port            = 6379
}
