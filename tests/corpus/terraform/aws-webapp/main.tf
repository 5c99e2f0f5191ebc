# Web application stack: VPC, ALB, EC2 workers, RDS, S3 assets and audit trail.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.60"
    }
  }
}

variable "vpn_cidr" {
  type    = string
  default = "10.8.0.0/16"
}

resource "aws_s3_bucket" "assets" {
  bucket = "acme-webapp-assets"
}

resource "aws_s3_bucket_acl" "assets" {
  bucket = aws_s3_bucket.assets.id
  # techlead-expect: terraform-aws-s3-public-acl
  acl = "public-read"
}

resource "aws_s3_bucket_public_access_block" "assets" {
  bucket                  = aws_s3_bucket.assets.id
  # techlead-expect: terraform-aws-s3-public-access-block-disabled
  block_public_acls       = false
  # techlead-safe
  block_public_policy     = true
  # techlead-safe
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "assets" {
  bucket = aws_s3_bucket.assets.id
  versioning_configuration {
    # techlead-expect: terraform-aws-s3-versioning-disabled
    status = "Suspended"
  }
}

resource "aws_s3_bucket_versioning" "uploads" {
  bucket = aws_s3_bucket.assets.id
  versioning_configuration {
    # techlead-safe
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "assets" {
  bucket = aws_s3_bucket.assets.id
  rule {
    apply_server_side_encryption_by_default {
      # techlead-safe
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
  }
}

resource "aws_security_group" "web" {
  name   = "webapp-web"
  vpc_id = aws_vpc.main.id

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    # techlead-safe
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    # techlead-expect: terraform-aws-security-group-open-admin-port
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    # techlead-safe
    cidr_blocks = [var.vpn_cidr]
  }
}

resource "aws_security_group_rule" "metrics" {
  type              = "ingress"
  from_port         = 9100
  to_port           = 9100
  protocol          = "tcp"
  # techlead-expect: terraform-aws-security-group-open-ingress
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.web.id
}

resource "aws_launch_template" "workers" {
  name_prefix   = "webapp-"
  image_id      = data.aws_ami.al2023.id
  instance_type = "t3.medium"
  metadata_options {
    # techlead-expect: terraform-aws-instance-imdsv1
    http_tokens = "optional"
  }
}

# techlead-expect: terraform-aws-instance-metadata-options-missing
resource "aws_instance" "bastion" {
  ami           = data.aws_ami.al2023.id
  instance_type = "t3.micro"
  # techlead-expect: terraform-aws-instance-public-ip
  associate_public_ip_address = true
}

resource "aws_instance" "worker" {
  ami                         = data.aws_ami.al2023.id
  instance_type               = "t3.medium"
  # techlead-safe
  associate_public_ip_address = false
  metadata_options {
    # techlead-safe
    http_tokens = "required"
  }
}

resource "aws_db_instance" "main" {
  identifier              = "webapp"
  engine                  = "postgres"
  instance_class          = "db.t3.medium"
  username                = "webapp"
  # techlead-expect: terraform-aws-hardcoded-database-password
  password                = "Webapp-Prod-2024!"
  # techlead-expect: terraform-aws-db-publicly-accessible
  publicly_accessible     = true
  # techlead-expect: terraform-encryption-disabled
  storage_encrypted       = false
  # techlead-expect: terraform-aws-db-backup-retention-zero
  backup_retention_period = 0
  # techlead-expect: terraform-aws-db-deletion-protection-disabled
  deletion_protection     = false
}

resource "aws_db_instance" "replica" {
  identifier                  = "webapp-replica"
  engine                      = "postgres"
  instance_class              = "db.t3.medium"
  # techlead-safe
  manage_master_user_password = true
  # techlead-safe
  publicly_accessible         = false
  # techlead-safe
  storage_encrypted           = true
  # techlead-safe
  backup_retention_period     = 7
  deletion_protection         = true
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.web.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type = "redirect"
    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  # techlead-expect: terraform-aws-lb-old-tls-policy
  ssl_policy        = "ELBSecurityPolicy-2016-08"
  certificate_arn   = aws_acm_certificate.web.arn
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

resource "aws_kms_key" "data" {
  description = "webapp data"
  # techlead-safe
  enable_key_rotation = true
}

resource "aws_cloudtrail" "audit" {
  name                          = "webapp-audit"
  s3_bucket_name                = aws_s3_bucket.assets.id
  kms_key_id                    = aws_kms_key.data.arn
  # techlead-safe
  is_multi_region_trail         = true
  # techlead-expect: terraform-aws-cloudtrail-log-validation-disabled
  enable_log_file_validation    = false
}

data "aws_iam_policy_document" "worker" {
  statement {
    # techlead-safe
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${aws_s3_bucket.assets.arn}/*"]
  }
}

resource "aws_iam_role_policy_attachment" "ops" {
  role       = aws_iam_role.ops.name
  # techlead-expect: terraform-aws-iam-admin-policy-attached
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_role_policy_attachment" "reader" {
  role       = aws_iam_role.worker.name
  # techlead-safe
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
