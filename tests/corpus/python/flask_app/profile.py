"""Profile endpoints of the notes service: updates from JSON and from forms."""
from flask import Blueprint, abort, jsonify, request
from flask_login import current_user, login_required
from pydantic import BaseModel

from .models import Profile, db

bp = Blueprint("profile", __name__)
EDITABLE = ("display_name", "bio", "timezone")


class ProfileUpdate(BaseModel):
    display_name: str | None = None
    bio: str | None = None
    timezone: str | None = None


@bp.route("/profile", methods=["PATCH"])
@login_required
def patch_profile():
    data = request.get_json(force=True)
    profile = Profile.query.filter_by(user_id=current_user.id).first_or_404()
    for key, value in data.items():
        # techlead-expect: python-mass-assignment-request
        setattr(profile, key, value)
    db.session.commit()
    return jsonify(ok=True)


@bp.route("/profile/safe", methods=["PATCH"])
@login_required
def patch_profile_safe():
    data = request.get_json(force=True)
    profile = Profile.query.filter_by(user_id=current_user.id).first_or_404()
    for key in EDITABLE:
        if key in data:
            # techlead-safe
            setattr(profile, key, data[key])
    db.session.commit()
    return jsonify(ok=True)


@bp.route("/profile/validated", methods=["PATCH"])
@login_required
def patch_profile_validated():
    # techlead-safe
    update = ProfileUpdate(**request.get_json(force=True))
    profile = Profile.query.filter_by(user_id=current_user.id).first_or_404()
    # techlead-safe
    profile.query.filter_by(id=profile.id).update(update.model_dump(exclude_unset=True))
    db.session.commit()
    return jsonify(ok=True)


@bp.route("/profile", methods=["POST"])
@login_required
def create_profile():
    payload = request.form.to_dict()
    if Profile.query.filter_by(user_id=current_user.id).first():
        abort(409)
    # techlead-expect: python-mass-assignment-request
    profile = Profile(user_id=current_user.id, **payload)
    db.session.add(profile)
    db.session.commit()
    return jsonify(id=profile.id), 201
